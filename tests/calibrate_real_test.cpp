// Calibration on real recordings (tests/calibrate/data/SOURCES.md):
// tests/calibrate/record/record.mjs ran ejabberd 24.12 and Prosody 13 with
// 40 users of known connectivity, clients and traffic, in compressed time
// (one recorded second stands for `time_scale` seconds). `spoolsim
// calibrate` must succeed on each recording, and every fitted value must lie
// within four of its own standard errors of the recorder's known parameter
// (real-SERVER.params.json): about 30 comparisons over the two recordings,
// so at 4 se the chance that any one fails by luck is about 0.2% (at 3 se
// it would be 8%). Durations are compared in recorded seconds; the
// sent rate per recorded day is divided by time_scale to give it per day of
// the compressed time.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <ostream>
#include <nlohmann/json.hpp>
#include <string>

#include "calibrate/calibrate.hpp"
#include "support/cli_process.hpp"

namespace spoolsim::calibrate {
namespace {

const std::string kData = std::string(SPOOLSIM_SOURCE_DIR) + "/tests/calibrate/data/";

nlohmann::json params(const std::string& server) {
  std::ifstream in(kData + "real-" + server + ".params.json");
  return nlohmann::json::parse(in);
}

double mean_of(const nlohmann::json& d) {
  if (d.contains("lognormal")) {
    const double s = d["lognormal"]["sigma"].get<double>();
    return d["lognormal"]["median"].get<double>() * std::exp(s * s / 2);
  }
  return d["exponential"]["mean"].get<double>();
}

void expect_within(double fitted, double se, double known, const std::string& what) {
  EXPECT_GT(se, 0.0) << what;
  EXPECT_NEAR(fitted, known, 4.0 * se) << what << ": fitted " << fitted << " se " << se << ", known " << known;
}

struct Recording {
  std::string server, log;
};
// gtest prints the parameter in test names: the server, not the bytes.
void PrintTo(const Recording& r, std::ostream* os) { *os << r.server << " " << r.log; }

class CalibrateReal : public ::testing::TestWithParam<Recording> {};

TEST_P(CalibrateReal, CommandSucceedsOnTheRecording) {
  const Recording& r = GetParam();
  const auto o = test::run_shell("", "calibrate --log '" + kData + r.log + "' --db '" + kData + "real-" + r.server +
                                         ".sqlite'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("clients {"), std::string::npos);
  EXPECT_NE(o.out.find("sent_messages_per_user_per_day:"), std::string::npos);
  EXPECT_EQ(o.out.find("user0"), std::string::npos) << "a user name leaked";
  EXPECT_EQ(o.out.find("user1"), std::string::npos) << "a user name leaked";
}

TEST_P(CalibrateReal, FittedValuesMatchTheRecordersParameters) {
  const Recording& r = GetParam();
  const nlohmann::json p = params(r.server);
  Options o;
  o.log_path = kData + r.log;
  o.db_path = kData + "real-" + r.server + ".sqlite";
  const Calibration c = calibrate(o);
  const double users = p["users"].get<double>();
  EXPECT_EQ(c.users, p["users"].get<std::size_t>());
  ASSERT_TRUE(c.resources_known);

  // Devices per user: what the recorder made, exactly, and near the known weights.
  const auto& made = p["users_by_devices"];
  ASSERT_EQ(c.devices_per_user.size(), made.size());
  for (std::size_t i = 0; i < made.size(); ++i) {
    EXPECT_EQ(c.devices_per_user[i], made[i].get<double>()) << i + 1 << " devices";
    const double w = p["devices_per_user"]["weights"][i].get<double>();
    expect_within(c.devices_per_user[i] / users, std::sqrt(w * (1 - w) / users), w,
                  "share of users with " + std::to_string(i + 1) + " devices");
  }

  // Per client: its devices (from the resource), online lognormal, offline
  // exponential (compared through the exponential fit's mean, whichever
  // family AIC chose: Weibull and lognormal can win on a few hundred gaps
  // with the login's latency in them), and the abrupt share.
  ASSERT_EQ(c.clients.size(), p["clients"].size());
  double online_share = 0;  // expected online devices per user
  for (const ClientFit& f : c.clients) {
    SCOPED_TRACE(f.name);
    ASSERT_TRUE(p["clients"].contains(f.name));
    const auto& k = p["clients"][f.name];
    EXPECT_TRUE(f.preset);
    EXPECT_EQ(f.devices, p["devices_by_client"][f.name].get<std::size_t>());
    const Fit& on = f.online.all[1];
    expect_within(on.a, on.se_a, std::log(k["online"]["lognormal"]["median"].get<double>()), "online mu");
    expect_within(on.b, on.se_b, k["online"]["lognormal"]["sigma"].get<double>(), "online sigma");
    const Fit& off = f.offline.all[0];
    expect_within(off.a, off.se_a, k["offline"]["exponential"]["mean"].get<double>(), "offline mean");
    expect_within(f.abrupt_share, f.abrupt_se, k["abrupt_share"].get<double>(), "abrupt share");
    const double on_mean = mean_of(k["online"]), off_mean = mean_of(k["offline"]);
    online_share += static_cast<double>(f.devices) / users * on_mean / (on_mean + off_mean);
  }

  // Traffic: each online device sends at a known rate, so a user sends
  // rate x (its expected online devices) per recorded second.
  ASSERT_TRUE(c.sent_per_user_per_day.has_value());
  const double scale = p["time_scale"].get<double>();
  const double known_per_day = p["send_rate_per_online_device_s"].get<double>() * online_share * 86400.0 / scale;
  expect_within(c.sent_per_user_per_day->value / scale, c.sent_per_user_per_day->se / scale, known_per_day,
                "sent messages per user per (compressed) day");
  EXPECT_EQ(c.messages, p["done"]["sent"].get<std::size_t>()) << "every message sent is archived once";
  ASSERT_TRUE(c.stranger_share.has_value());
  expect_within(c.stranger_share->value, c.stranger_share->se, p["stranger_share"].get<double>(), "stranger share");
}

INSTANTIATE_TEST_SUITE_P(Recordings, CalibrateReal,
                         ::testing::Values(Recording{"ejabberd", "real-ejabberd.log"},
                                           Recording{"prosody", "real-prosody-debug.log"}),
                         [](const auto& param_info) { return param_info.param.server; });

// Prosody at level info names no resource (only mod_saslauth's and
// mod_sasl2_bind2's "Resource bound" debug line does): calibrate says so and
// takes each user as one device of the unknown client.
TEST(CalibrateRealProsodyInfo, NoResourceMeansOneUnknownDevicePerUser) {
  Options o;
  o.log_path = kData + "real-prosody-info.log";
  o.db_path = kData + "real-prosody.sqlite";
  const Calibration c = calibrate(o);
  EXPECT_FALSE(c.resources_known);
  EXPECT_EQ(c.users, 40u);
  ASSERT_EQ(c.clients.size(), 1u);
  EXPECT_EQ(c.clients[0].name, "unknown");
  bool said = false;
  for (const std::string& n : c.notes) said = said || n.find("names no resource") != std::string::npos;
  EXPECT_TRUE(said);
  // The sessions are the debug log's, less their devices: as many ended.
  Options d = o;
  d.log_path = kData + "real-prosody-debug.log";
  const Calibration debug = calibrate(d);
  std::size_t ended = 0;
  for (const ClientFit& f : debug.clients) ended += f.sessions;
  EXPECT_EQ(c.clients[0].sessions, ended);
}

}  // namespace
}  // namespace spoolsim::calibrate

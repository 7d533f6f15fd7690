// Calibration recovers known parameters (issue 14, Done when): a known
// scenario's replication 0 is exported as a sessions CSV and an ejabberd
// archive, calibrated, and every fitted value must lie within 4 standard
// errors (its own, from the fit) of the value the scenario states; then a run
// of the calibrated scenario must agree with the original's loss rates
// within their confidence intervals. Fixed seeds throughout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "calibrate/calibrate.hpp"
#include "calibrate/export.hpp"
#include "models/outcomes/summary.hpp"
#include "models/simulation.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::calibrate {
namespace {

namespace fs = std::filesystem;

constexpr const char* kServer = "server { preset: \"ejabberd-24.02\" }\nstrategies: [\"deliver\", \"purge_all\"]\n";

constexpr const char* kKnown = R"(name: "recovery"
seed: 42
replications: 6
horizon: "21d"
warmup: "1d"
drain: "1d"
population {
  users: 120
  devices_per_user { empirical { values: [1, 2] weights: [60, 40] } }
  client_mix { profile: "conversations" weight: 1 }
}
clients {
  name: "conversations"
  preset: "conversations"
  online_duration { lognormal { median: "1h" sigma: 0.8 } }
  offline_duration { exponential { mean: "3h" } }
  abrupt_disconnect_share: 0.25
}
contacts { mean_degree: 8 }
traffic {
  sent_messages_per_user_per_day: 12
  stranger_share: 0.2
  size { lognormal { median: 900 sigma: 0.4 } }
}
)";

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("spoolsim-recovery-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

void expect_within(double fitted, double se, double known, const char* what) {
  EXPECT_GT(se, 0.0) << what;
  EXPECT_NEAR(fitted, known, 4.0 * se) << what << ": fitted " << fitted << " se " << se << ", known " << known;
}

TEST(CalibrateRecovery, FittedValuesMatchTheKnownScenario) {
  const auto known = scenarios::load_scenario_text(std::string(kKnown) + kServer, "recovery.textproto");
  TempDir dir;
  const std::string csv = (dir.path / "sessions.csv").string(), db = (dir.path / "archive.sqlite").string();
  const ExportCounts n = export_world(known.scenario, csv, db);
  ASSERT_GT(n.sessions, 5000u);
  ASSERT_GT(n.messages, 10000u);
  EXPECT_GT(n.roster_entries, 0u);

  Options o;
  o.log_path = csv;
  o.db_path = db;
  const Calibration c = calibrate(o);
  EXPECT_EQ(c.users, 120u);
  ASSERT_EQ(c.clients.size(), 1u);
  const ClientFit& f = c.clients[0];
  EXPECT_EQ(f.name, "conversations");
  EXPECT_TRUE(f.preset);
  // Online: lognormal by AIC, median 1 h, sigma 0.8.
  ASSERT_EQ(f.online.best.family, Family::Lognormal) << describe(f.online);
  expect_within(f.online.best.a, f.online.best.se_a, std::log(3600.0), "online mu");
  expect_within(f.online.best.b, f.online.best.se_b, 0.8, "online sigma");
  // Offline: exponential, mean 3 h. Weibull nests it, so accept either
  // family as long as the mean and (for Weibull) the shape agree.
  const Fit exp_off = f.offline.all[0];
  expect_within(exp_off.a, exp_off.se_a, 3 * 3600.0, "offline mean");
  EXPECT_NE(f.offline.best.family, Family::Lognormal) << describe(f.offline);
  expect_within(f.abrupt_share, f.abrupt_se, 0.25, "abrupt share");
  // Devices per user: 60/40 over 120 users (binomial standard error).
  ASSERT_EQ(c.devices_per_user.size(), 2u);
  const double two = c.devices_per_user[1] / 120.0;
  expect_within(two, std::sqrt(0.4 * 0.6 / 120.0), 0.4, "share of users with two devices");
  // Traffic.
  ASSERT_TRUE(c.sent_per_user_per_day.has_value());
  expect_within(c.sent_per_user_per_day->value, c.sent_per_user_per_day->se, 12.0, "sent rate");
  ASSERT_TRUE(c.stranger_share.has_value());
  expect_within(c.stranger_share->value, c.stranger_share->se, 0.2, "stranger share");
  ASSERT_TRUE(c.size.has_value());
  ASSERT_EQ(c.size->best.family, Family::Lognormal) << describe(*c.size);
  expect_within(c.size->best.a, c.size->best.se_a, std::log(900.0), "size mu");
  EXPECT_TRUE(c.traffic_diurnal.empty()) << "flat traffic read as diurnal, chi2 " << c.diurnal_chi2;

  // The calibrated scenario loads, says where its values came from, and
  // gives the same loss rates within the confidence intervals.
  const std::string text = to_textproto(c);
  EXPECT_EQ(text.find("user1"), std::string::npos) << "a user name leaked";
  const auto calibrated = scenarios::load_scenario_text(
      text + "seed: 7\nreplications: 6\nhorizon: \"21d\"\nwarmup: \"1d\"\ndrain: \"1d\"\ncontacts { mean_degree: 8 }\n" +
          kServer,
      "calibrated.textproto");
  bool sent_from_calibration = false;
  for (const auto& origin : calibrated.origins) {
    if (origin.path == "traffic.sent_messages_per_user_per_day") {
      sent_from_calibration = origin.kind == scenarios::FieldOrigin::Kind::Calibration;
      EXPECT_NE(origin.where.find("n="), std::string::npos) << origin.where;
    }
  }
  EXPECT_TRUE(sent_from_calibration);
  const models::RunSummary a = models::summarize(models::run(known.scenario, {2}));
  const models::RunSummary b = models::summarize(models::run(calibrated.scenario, {2}));
  ASSERT_EQ(a.strategies.size(), 2u);
  ASSERT_EQ(b.strategies.size(), 2u);
  EXPECT_GT(a.strategies[1].loss_rate.mean, 0.005) << "purge_all should lose messages here";
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& x = a.strategies[i].loss_rate;
    const auto& y = b.strategies[i].loss_rate;
    // Two independent means: the difference's 95% half-width.
    const double tolerance = std::hypot(x.half_width(), y.half_width());
    EXPECT_NEAR(x.mean, y.mean, tolerance) << models::to_string(a.strategies[i].strategy);
  }
}

}  // namespace
}  // namespace spoolsim::calibrate

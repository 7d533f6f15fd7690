// R13: which scenarios the analytic model accepts; each broken assumption is
// reported once, naming its field.
#include <cctype>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "analytic/analytic.hpp"
#include "support/analytic_scenarios.hpp"

namespace spoolsim::models::analytic {
namespace {

using testing::analytic_mixed_devices;

std::vector<std::string> fields(const Scenario& s) {
  std::vector<std::string> out;
  for (const auto& v : check_assumptions(s)) out.push_back(v.field);
  return out;
}

TEST(Assumptions, TestScenariosMeetThem) {
  EXPECT_TRUE(fields(testing::analytic_one_device()).empty());
  EXPECT_TRUE(fields(testing::analytic_two_devices()).empty());
  EXPECT_TRUE(fields(analytic_mixed_devices()).empty());
}

struct Breach {
  const char* field;
  std::function<void(Scenario&)> apply;
};

class EachAssumption : public ::testing::TestWithParam<Breach> {};

TEST_P(EachAssumption, IsReportedAloneByField) {
  Scenario s = analytic_mixed_devices();
  GetParam().apply(s);
  EXPECT_EQ(fields(s), std::vector<std::string>{GetParam().field});
  try {
    (void)predict(s);
    ADD_FAILURE() << "predict accepted a scenario that breaks " << GetParam().field;
  } catch (const AssumptionError& e) {
    ASSERT_EQ(e.violations.size(), 1U);
    EXPECT_NE(std::string(e.what()).find(GetParam().field), std::string::npos) << e.what();
  }
}

const auto hours = [](double h) { return h * static_cast<double>(sim::kHour); };

INSTANTIATE_TEST_SUITE_P(
    Breaches, EachAssumption,
    ::testing::Values(
        Breach{"clients[phone].online_duration",
               [](Scenario& s) { s.clients[0].online_duration = sim::Distribution::lognormal_median(hours(1), 1.0); }},
        Breach{"clients[desktop].offline_duration",
               [](Scenario& s) { s.clients[1].offline_duration = sim::Distribution::weibull(hours(16), 0.7); }},
        Breach{"clients[legacy].diurnal",
               [](Scenario& s) { s.clients[2].diurnal = Diurnal(24, 1.0); s.clients[2].diurnal[3] = 0.5; }},
        Breach{"clients[phone].abrupt_disconnect_share",
               [](Scenario& s) { s.clients[0].abrupt_disconnect_share = 0.1; }},
        Breach{"clients[legacy].presence_priority", [](Scenario& s) { s.clients[2].presence_priority = -1; }},
        Breach{"traffic.diurnal", [](Scenario& s) { s.traffic.diurnal = Diurnal(24, 1.0); s.traffic.diurnal[0] = 2.0; }},
        Breach{"traffic.no_store_share", [](Scenario& s) { s.traffic.no_store_share = 0.05; }},
        Breach{"server.offline.enabled", [](Scenario& s) { s.server.offline.enabled = false; }},
        Breach{"server.offline.max_user_messages", [](Scenario& s) { s.server.offline.max_user_messages = 100; }},
        Breach{"server.offline.ttl", [](Scenario& s) { s.server.offline.ttl = 7 * sim::kDay; }},
        Breach{"server.mam.default",
               [](Scenario& s) {
                 s.server.mam.enabled = true;
                 s.server.mam.default_mode = MamDefault::Roster;
                 s.clients[0].mam_catchup = true;
               }},
        Breach{"population.mam_default_overrides[1]",
               [](Scenario& s) {
                 s.server.mam.enabled = true;
                 s.clients[1].mam_catchup = true;
                 s.population.mam_default_overrides = {{MamDefault::Never, 0.2}, {MamDefault::Always, 0.1}};
               }},
        Breach{"population.mam_always_contact_share",
               [](Scenario& s) {
                 s.server.mam.enabled = true;
                 s.clients[2].mam_catchup = true;
                 s.population.mam_always_contact_share = 0.1;
               }},
        Breach{"population.devices_per_user",
               [](Scenario& s) { s.population.devices_per_user = sim::Distribution::uniform(1, 3); }},
        Breach{"population.device_slots[1]",
               [](Scenario& s) {
                 s.population.devices_per_user = sim::Distribution::constant(2);
                 s.population.device_slots = {{{0, 1.0}}, {{1, 0.0}}};
               }}),
    [](const ::testing::TestParamInfo<Breach>& breach) {
      std::string name;
      for (char c : std::string(breach.param.field)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(Assumptions, AllBreachesAreListedTogether) {
  Scenario s = analytic_mixed_devices();
  s.traffic.no_store_share = 0.1;
  s.server.offline.ttl = sim::kDay;
  s.clients[0].abrupt_disconnect_share = 0.2;
  EXPECT_EQ(fields(s), (std::vector<std::string>{"clients[phone].abrupt_disconnect_share",
                                                 "traffic.no_store_share", "server.offline.ttl"}));
}

// MAM only matters when a catch-up client could rescue a purged message.
TEST(Assumptions, ArchivingWithoutCatchupOrWithDefaultNeverIsAccepted) {
  Scenario s = analytic_mixed_devices();
  s.server.mam.enabled = true;
  s.server.mam.default_mode = MamDefault::Always;  // nobody catches up
  EXPECT_TRUE(fields(s).empty());
  s.server.mam.default_mode = MamDefault::Never;
  s.clients[0].mam_catchup = true;
  s.population.mam_default_overrides = {{MamDefault::Never, 0.5}};
  EXPECT_TRUE(fields(s).empty());
}

// A profile nobody runs cannot break the model.
TEST(Assumptions, UnusedProfilesAreIgnored) {
  Scenario s = analytic_mixed_devices();
  s.clients.push_back(testing::analytic_profile("unused", Auth::Sasl1, 1.0, 1.0));
  s.clients.back().online_duration = sim::Distribution::pareto(hours(1), 1.5);
  s.population.client_mix.push_back({3, 0.0});
  EXPECT_TRUE(fields(s).empty());
}

}  // namespace
}  // namespace spoolsim::models::analytic

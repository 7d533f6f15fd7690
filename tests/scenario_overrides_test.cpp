// --set path=value: valid paths change exactly that field; bad ones name the
// --set, what is wrong and what is allowed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

models::Scenario with(const std::vector<std::string>& sets) { return load_default_scenario(sets).scenario; }

std::string error_of(const std::vector<std::string>& sets) {
  try {
    (void)load_default_scenario(sets);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_all(const std::string& message, std::initializer_list<const char*> parts) {
  for (const char* part : parts) EXPECT_NE(message.find(part), std::string::npos) << "missing \"" << part << "\" in: " << message;
}

TEST(ScenarioOverrides, ScalarPaths) {
  const models::Scenario base = with({});
  EXPECT_EQ(base.server.mam.default_mode, models::MamDefault::Never);
  const models::Scenario s = with({"server.mam.default=roster", "population.users=10000", "seed=42",
                                   "traffic.sender_must_be_online=false", "horizon=30d"});
  EXPECT_EQ(s.server.mam.default_mode, models::MamDefault::Roster);
  EXPECT_EQ(s.population.users, 10000U);
  EXPECT_EQ(s.seed, 42U);
  EXPECT_FALSE(s.traffic.sender_must_be_online);
  EXPECT_EQ(s.horizon, 30 * sim::kDay);
  EXPECT_EQ(s.warmup, base.warmup);  // untouched
}

TEST(ScenarioOverrides, DistributionParameterKeepsTheOthers) {
  // default.textproto: size lognormal median 430, sigma 0.5.
  const models::Scenario s = with({"traffic.size.lognormal.median=500"});
  const sim::Distribution expected = sim::Distribution::lognormal_median(500.0, 0.5);
  EXPECT_EQ(s.traffic.size.kind, sim::Distribution::Kind::Lognormal);
  EXPECT_DOUBLE_EQ(s.traffic.size.a, expected.a);
  EXPECT_DOUBLE_EQ(s.traffic.size.b, 0.5);
  // Another family as a message in text format replaces it.
  const models::Scenario e = with({"server.mam.archive_lag={ exponential { mean: \"2s\" } }"});
  EXPECT_EQ(e.server.mam.archive_lag.kind, sim::Distribution::Kind::Exponential);
  EXPECT_DOUBLE_EQ(e.server.mam.archive_lag.a, 2.0 * sim::kSecond);
}

TEST(ScenarioOverrides, ProfilesByNameAndMixByIndexOrName) {
  const models::Scenario s = with({"clients[conversations].stream_management=false",
                                   "population.client_mix[0].weight=50", "population.client_mix[gajim].weight=1"});
  ASSERT_EQ(s.clients[0].name, "conversations");
  EXPECT_FALSE(s.clients[0].stream_management);
  EXPECT_EQ(s.population.client_mix[0].weight, 50.0);
  EXPECT_EQ(s.population.client_mix[1].weight, 1.0);
  // A new profile by name starts from the preset of that name.
  const models::Scenario m = with({"clients[movim].abrupt_disconnect_share=0.1",
                                   "population.client_mix[movim].weight=5"});
  const auto& movim = m.clients.back();
  EXPECT_EQ(movim.name, "movim");
  EXPECT_EQ(movim.auth, models::Auth::Sasl2Bind2);
  EXPECT_EQ(movim.abrupt_disconnect_share, 0.1);
  EXPECT_EQ(m.population.client_mix.back().weight, 5.0);
}

TEST(ScenarioOverrides, ListsAndPresets) {
  const models::Scenario s = with({"strategies=deliver,purge_if_archiving", "server.preset=ejabberd-24.12"});
  ASSERT_EQ(s.strategies.size(), 2U);
  EXPECT_EQ(s.strategies[1], models::StrategyKind::PurgeIfArchiving);
  EXPECT_EQ(*s.server.bind2_offline_strategy, models::StrategyKind::PurgeIfArchiving);
  EXPECT_EQ(s.server.mam.default_mode, models::MamDefault::Never);  // the file's mam.default still applies
  const models::Scenario empty = with({"strategies="});
  EXPECT_EQ(empty.strategies.size(), 5U);
}

TEST(ScenarioOverrides, ChangesTheResolvedTextAndItsHash) {
  const LoadedScenario a = load_default_scenario();
  const LoadedScenario b = load_default_scenario({"population.users=3000"});
  EXPECT_NE(a.sha256, b.sha256);
  EXPECT_NE(b.resolved_textproto.find("users: 3000"), std::string::npos);
}

TEST(ScenarioOverrides, BadPathsAndValues) {
  expect_all(error_of({"server.mam.defualt=roster"}),
             {"--set server.mam.defualt=roster: unknown field \"defualt\"", "did you mean \"default\"?"});
  expect_all(error_of({"population.users"}), {"--set population.users: expected path=value"});
  expect_all(error_of({"population.users=lots"}), {"--set population.users=lots: population.users: \"lots\" is not a whole number"});
  expect_all(error_of({"traffic.sender_must_be_online=yes"}), {"not a boolean; allowed: true or false"});
  expect_all(error_of({"population.client_mix[99].weight=1"}), {"index out of range"});
  expect_all(error_of({"population.users.x=1"}), {"population.users has no fields"});
  expect_all(error_of({"population..users=1"}), {"bad path"});
}

TEST(ScenarioOverrides, ValueErrorsNameTheSet) {
  expect_all(error_of({"server.mam.default=rooster"}),
             {"--set server.mam.default=rooster: server.mam.default: unknown MAM default \"rooster\"",
              "always, roster or never"});
  expect_all(error_of({"traffic.stranger_share=2"}),
             {"--set traffic.stranger_share=2: traffic.stranger_share: 2 is not a share; allowed: 0 to 1"});
  expect_all(error_of({"traffic.size.lognormal.sigma=nan"}), {"--set traffic.size.lognormal.sigma=nan", "not a number"});
  expect_all(error_of({"warmup=13d"}), {"--set warmup=13d: warmup:", "allowed: warmup < horizon - drain"});
  expect_all(error_of({"horizon=3 weeks"}), {"--set horizon=3 weeks: horizon: bad duration"});
  expect_all(error_of({"server.mam.archive_lag={ exponential { mean: 2 } }"}), {"--set server.mam.archive_lag="});
}

}  // namespace
}  // namespace spoolsim::scenarios

// Every scenario in the library loads and validates; the built-in default is
// scenarios/default.textproto; the R13 scenarios meet R13's assumptions.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

namespace fs = std::filesystem;

std::string source(const std::string& relative) { return std::string(SPOOLSIM_SOURCE_DIR) + "/" + relative; }

std::vector<std::string> library_files() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(source("scenarios"))) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ScenarioLibrary, HasTheNamedScenarios) {
  for (const char* name : {"default", "fix-24.12-roster-strangers", "mobile-no-sm", "mobile-with-sm", "spool-limit",
                           "archive-lag-retention", "r13-one-device", "r13-mixed-devices"}) {
    EXPECT_TRUE(fs::exists(source(std::string("scenarios/") + name + ".textproto"))) << name;
  }
}

TEST(ScenarioLibrary, EveryFileLoadsValidatesAndOpensWithAComment) {
  const auto files = library_files();
  ASSERT_GE(files.size(), 8U);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    const std::string text = read(file);
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.front(), '#') << "each library scenario opens with a comment saying what it shows";
    LoadedScenario loaded;
    ASSERT_NO_THROW(loaded = load_scenario_file(file)) << file;
    EXPECT_EQ(loaded.source, file);
    EXPECT_FALSE(loaded.scenario.clients.empty());
    EXPECT_FALSE(loaded.scenario.population.client_mix.empty());
    EXPECT_EQ(loaded.sha256.size(), 64U);
    // The resolved text loads again to the same resolved text (a fixed point).
    const LoadedScenario again = load_scenario_text(loaded.resolved_textproto, "resolved");
    EXPECT_EQ(again.resolved_textproto, loaded.resolved_textproto);
    EXPECT_EQ(again.sha256, loaded.sha256);
  }
}

TEST(ScenarioLibrary, BuiltInDefaultEqualsTheFile) {
  const LoadedScenario built_in = load_default_scenario();
  const LoadedScenario file = load_scenario_file(source("scenarios/default.textproto"));
  EXPECT_EQ(built_in.source, "<built-in default>");
  EXPECT_EQ(built_in.resolved_textproto, file.resolved_textproto);
  EXPECT_EQ(built_in.sha256, file.sha256);
}

TEST(ScenarioLibrary, DefaultIsTheSeedIncident) {
  const models::Scenario s = load_default_scenario().scenario;
  EXPECT_EQ(s.server.preset, "ejabberd-24.02");
  ASSERT_TRUE(s.server.bind2_offline_strategy.has_value());
  EXPECT_EQ(*s.server.bind2_offline_strategy, models::StrategyKind::PurgeAll);
  EXPECT_EQ(s.server.mam.default_mode, models::MamDefault::Never);
  EXPECT_EQ(s.population.users, 2000U);
  EXPECT_EQ(s.horizon, 14 * sim::kDay);
  EXPECT_EQ(s.replications, 5U);
  EXPECT_EQ(s.strategies.size(), 5U);
  bool has_bind2 = false;
  bool has_sasl1 = false;
  for (const auto& c : s.clients) {
    has_bind2 |= c.auth == models::Auth::Sasl2Bind2;
    has_sasl1 |= c.auth == models::Auth::Sasl1;
  }
  EXPECT_TRUE(has_bind2 && has_sasl1) << "a realistic mix has Bind2 and legacy clients";
}

// R13: exponential on/off, Poisson traffic (no diurnal), no abrupt
// disconnects, MAM default never, no spool limit, no TTL.
TEST(ScenarioLibrary, R13ScenariosMeetTheAssumptions) {
  for (const char* name : {"r13-one-device", "r13-mixed-devices"}) {
    SCOPED_TRACE(name);
    const models::Scenario s = load_scenario_file(source(std::string("scenarios/") + name + ".textproto")).scenario;
    for (const auto& c : s.clients) {
      EXPECT_EQ(c.online_duration.kind, sim::Distribution::Kind::Exponential);
      EXPECT_EQ(c.offline_duration.kind, sim::Distribution::Kind::Exponential);
      EXPECT_EQ(c.abrupt_disconnect_share, 0.0);
      EXPECT_TRUE(c.diurnal.empty());
    }
    EXPECT_TRUE(s.traffic.diurnal.empty());
    EXPECT_EQ(s.server.mam.default_mode, models::MamDefault::Never);
    EXPECT_EQ(s.server.offline.max_user_messages, models::kUnlimited);
    EXPECT_EQ(s.server.offline.ttl, 0);
    EXPECT_TRUE(s.population.mam_default_overrides.empty());
  }
  const auto one = load_scenario_file(source("scenarios/r13-one-device.textproto")).scenario;
  EXPECT_EQ(one.population.devices_per_user.kind, sim::Distribution::Kind::Constant);
  EXPECT_EQ(one.population.devices_per_user.a, 1.0);
  const auto mixed = load_scenario_file(source("scenarios/r13-mixed-devices.textproto")).scenario;
  EXPECT_GT(mixed.population.devices_per_user.values.size(), 1U);
}

}  // namespace
}  // namespace spoolsim::scenarios

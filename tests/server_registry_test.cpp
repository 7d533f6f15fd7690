// R8: a strategy is one file. This file defines a strategy that exists only
// in the test program and registers it the way models/server/strategies/*.cpp
// do; nothing else knows it. It must then appear everywhere a built-in one
// does: names, the scenario loader, the run, the reports and the paired
// differences. The built-in five come from the strategies library, which no
// code refers to by name: finding them proves it is linked whole.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/report.hpp"
#include "cli/report_json.hpp"
#include "cli/report_table.hpp"
#include "models/server/strategies/registry.hpp"
#include "models/simulation.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim {
namespace {

using models::StrategyKind;

// Purges the whole spool only for a device that will catch up from the
// archive (purge_all for catch-up clients, deliver for the others).
class PurgeWhenCatchingUp final : public models::Strategy {
 public:
  models::FlushTiming at_bind(models::BindContext& ctx) const override {
    if (ctx.device_catches_up()) ctx.purge(models::PurgeSelection::All);
    return models::FlushTiming::AtBind;
  }
};

const models::StrategyRegistration kTestStrategy{
    {.name = "test_purge_when_catching_up",
     .description = "purge_all for devices that catch up, deliver for the others (test only)",
     .releases = "none: defined in tests/server_registry_test.cpp"},
    [] { return std::unique_ptr<models::Strategy>(std::make_unique<PurgeWhenCatchingUp>()); }};

constexpr const char* kName = "test_purge_when_catching_up";

TEST(StrategyRegistry, BuiltInStrategiesComeFirstInTheirFixedOrder) {
  const auto& entries = models::enum_table(StrategyKind{}).entries;
  const std::vector<std::string> builtin = {"deliver", "purge_all", "purge_if_archiving", "purge_archived",
                                            "deferred"};
  ASSERT_GE(entries.size(), builtin.size());
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    EXPECT_EQ(entries[i].name, builtin[i]);
    EXPECT_EQ(static_cast<std::size_t>(entries[i].value), i);
    EXPECT_NE(std::string(entries[i].description), "") << builtin[i];
    EXPECT_NE(std::string(entries[i].releases), "") << builtin[i];
    // Registered from a file nothing refers to: only a whole-archive link keeps it.
    EXPECT_NE(models::make_strategy(entries[i].value), nullptr) << builtin[i];
  }
  EXPECT_EQ(models::to_string(StrategyKind::PurgeIfArchiving), std::string("purge_if_archiving"));
}

TEST(StrategyRegistry, ATestStrategyGetsTheNextKindAndItsNames) {
  EXPECT_EQ(static_cast<int>(kTestStrategy.kind), models::kBuiltinStrategyCount);
  EXPECT_EQ(models::strategy_count(), models::kBuiltinStrategyCount + 1);
  EXPECT_EQ(models::to_string(kTestStrategy.kind), std::string(kName));
  StrategyKind parsed{};
  ASSERT_TRUE(models::parse_strategy(kName, parsed));
  EXPECT_EQ(parsed, kTestStrategy.kind);
  EXPECT_NE(models::make_strategy(kTestStrategy.kind), nullptr);
  EXPECT_THROW(models::make_strategy(static_cast<StrategyKind>(models::kMaxStrategies - 1)), std::invalid_argument);
}

TEST(StrategyRegistry, TheLoaderAcceptsItAndSuggestsIt) {
  const auto loaded = scenarios::load_default_scenario({std::string("strategies=deliver,") + kName});
  ASSERT_EQ(loaded.scenario.strategies.size(), 2u);
  EXPECT_EQ(loaded.scenario.strategies[1], kTestStrategy.kind);
  try {
    (void)scenarios::load_default_scenario({"strategies=test_purge_when_catchingup"});
    FAIL() << "a misspelt strategy loaded";
  } catch (const scenarios::ScenarioError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("allowed: deliver, "), std::string::npos) << what;
    EXPECT_NE(what.find(std::string("did you mean \"") + kName + "\""), std::string::npos) << what;
  }
}

// A small run where every device binds with Bind2; `catch_up` sets whether
// they catch up from the archive (MAM default never: the archive holds none
// of the purged messages).
models::RunResult small_run(bool catch_up) {
  const std::string text = std::string(R"(
name: "registry"
seed: 7
replications: 3
horizon: "3d"
warmup: "12h"
drain: "1d"
strategies: ["deliver", "purge_all", ")") + kName + R"("]
server { preset: "ejabberd-24.02" mam { default: "never" } }
clients {
  name: "bind2"
  auth: "sasl2_bind2"
  mam_catchup: )" + (catch_up ? "true" : "false") + R"(
  online_duration { exponential { mean: "1h" } }
  offline_duration { exponential { mean: "3h" } }
}
population { users: 60 devices_per_user { constant: 2 } client_mix { profile: "bind2" weight: 1 } }
contacts { generator: "erdos_renyi" mean_degree: 6 }
traffic { messages_per_user_per_day: 24 }
)";
  const auto loaded = scenarios::load_scenario_text(text, "registry.textproto");
  models::RunOptions options;
  options.threads = 2;
  return models::run(loaded.scenario, options);
}

const models::PairedDifference& against_deliver(const models::RunSummary& s, StrategyKind a) {
  for (const auto& p : s.paired)
    if (p.a == a && p.b == StrategyKind::Deliver) return p;
  throw std::runtime_error(std::string("no paired difference for ") + models::to_string(a));
}

TEST(StrategyRegistry, ItRunsAndBehavesAsItsCodeSays) {
  // Every device catches up: it purges exactly as purge_all does.
  const models::RunSummary purging = models::summarize(small_run(true));
  ASSERT_EQ(purging.strategies.size(), 3u);
  EXPECT_EQ(purging.strategies[2].strategy, kTestStrategy.kind);
  const auto& test_diff = against_deliver(purging, kTestStrategy.kind);
  const auto& purge_diff = against_deliver(purging, StrategyKind::PurgeAll);
  EXPECT_GT(purge_diff.loss_rate_diff.mean, 0.0) << "purge_all must lose something with MAM default never";
  EXPECT_EQ(test_diff.loss_rate_diff.mean, purge_diff.loss_rate_diff.mean);

  // No device catches up: it never purges, so it loses what deliver loses.
  const models::RunSummary keeping = models::summarize(small_run(false));
  EXPECT_EQ(against_deliver(keeping, kTestStrategy.kind).loss_rate_diff.mean, 0.0);
  EXPECT_GT(against_deliver(keeping, StrategyKind::PurgeAll).loss_rate_diff.mean, 0.0);
}

TEST(StrategyRegistry, ReportsNameItWithItsPairedDifference) {
  const models::RunResult result = small_run(true);
  cli::RunInfo info;
  info.scenario = "registry";
  const cli::Report report = cli::make_report(info, result);

  const auto j = nlohmann::json::parse(cli::format_json(report));
  ASSERT_EQ(j.at("strategies").size(), 3u);
  EXPECT_EQ(j["strategies"][2].at("name"), kName);
  bool paired = false;
  for (const auto& p : j.at("paired_differences")) paired = paired || (p.at("a") == kName && p.at("b") == "deliver");
  EXPECT_TRUE(paired) << j["paired_differences"].dump();

  const std::string table = cli::format_table(report);
  EXPECT_NE(table.find(kName), std::string::npos) << table;
  EXPECT_NE(table.find(std::string(kName) + " - deliver"), std::string::npos) << table;
}

}  // namespace
}  // namespace spoolsim

// A rerun from the dashboard is `spoolsim run` with the same sets: same
// scenario, same results; leaving strategies out changes nobody else's.
#include <gtest/gtest.h>

#include "models/simulation.hpp"
#include "models/outcomes/summary.hpp"
#include "viz/rerun.hpp"
#include "viz/run_worker.hpp"

namespace spoolsim::viz {
namespace {

const std::vector<std::string> kSmall = {"population.users=150", "horizon=4d", "replications=2", "seed=5"};

TEST(VizRerun, NothingChangedMeansTheCommandLineSets) {
  const scenarios::LoadedScenario base = load_for_dashboard("", kSmall);
  const Knobs k = knobs_of(base.scenario);
  const std::vector<bool> all(base.scenario.strategies.size(), true);
  EXPECT_EQ(rerun_sets(kSmall, k, k, base.scenario.strategies, all), kSmall);
}

TEST(VizRerun, NoStrategyTickedIsRefused) {
  const scenarios::LoadedScenario base = load_for_dashboard("", kSmall);
  const Knobs k = knobs_of(base.scenario);
  const std::vector<bool> none(base.scenario.strategies.size(), false);
  EXPECT_THROW(rerun_sets(kSmall, k, k, base.scenario.strategies, none), std::invalid_argument);
}

TEST(VizRerun, BadKnobValueIsAScenarioErrorNamingTheSet) {
  const scenarios::LoadedScenario base = load_for_dashboard("", kSmall);
  const Knobs loaded = knobs_of(base.scenario);
  Knobs edited = loaded;
  edited.messages_per_user_per_day = -3.0f;
  const std::vector<bool> all(base.scenario.strategies.size(), true);
  const auto sets = rerun_sets(kSmall, loaded, edited, base.scenario.strategies, all);
  try {
    load_for_dashboard("", sets);
    ADD_FAILURE() << "a negative message rate was accepted";
  } catch (const scenarios::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("traffic.messages_per_user_per_day"), std::string::npos) << e.what();
  }
}

TEST(VizRerun, RerunEqualsARunWithTheSameSets) {
  const scenarios::LoadedScenario base = load_for_dashboard("", kSmall);
  const Knobs loaded = knobs_of(base.scenario);
  Knobs edited = loaded;
  edited.users = 180;
  edited.messages_per_user_per_day = 12.0f;
  const std::vector<models::StrategyKind>& all = base.scenario.strategies;
  ASSERT_GE(all.size(), 3u);
  std::vector<bool> enabled(all.size(), true);
  enabled[1] = false;  // leave one strategy out
  const std::vector<std::string> sets = rerun_sets(kSmall, loaded, edited, all, enabled);
  ASSERT_EQ(sets.size(), kSmall.size() + 3);  // users, messages, strategies
  EXPECT_EQ(sets.back().rfind("strategies=", 0), 0u);

  const models::Scenario scenario = load_for_dashboard("", sets).scenario;
  EXPECT_EQ(scenario.population.users, 180u);
  ASSERT_EQ(scenario.strategies.size(), all.size() - 1);
  EXPECT_EQ(scenario.strategies[0], all[0]);
  EXPECT_EQ(scenario.strategies[1], all[2]);

  RunWorker worker;
  worker.start(scenario);
  worker.wait();
  ASSERT_EQ(worker.state(), RunState::Finished) << worker.error();
  const models::RunResult& shown = worker.finished()->result;
  const models::RunResult plain = models::run(scenarios::load_default_scenario(sets).scenario);
  EXPECT_EQ(models::run_fingerprint(shown), models::run_fingerprint(plain));

  // The strategies kept give the same counts as in a run of all of them.
  std::vector<std::string> all_sets(sets.begin(), sets.end() - 1);
  const models::RunResult full = models::run(scenarios::load_default_scenario(all_sets).scenario);
  for (std::size_t r = 0; r < shown.replications.size(); ++r) {
    EXPECT_EQ(shown.replications[r].fingerprint, full.replications[r].fingerprint);
    for (std::size_t i = 0; i < scenario.strategies.size(); ++i) {
      const std::size_t j = i == 0 ? 0 : i + 1;  // index in the full run
      EXPECT_EQ(shown.replications[r].strategies[i].strategy, full.replications[r].strategies[j].strategy);
      EXPECT_EQ(shown.replications[r].strategies[i].outcomes.lost, full.replications[r].strategies[j].outcomes.lost);
      EXPECT_EQ(shown.replications[r].strategies[i].outcomes.delivered,
                full.replications[r].strategies[j].outcomes.delivered);
    }
  }
}

}  // namespace
}  // namespace spoolsim::viz

// The dashboard's worker never perturbs a run: same fingerprints and counts
// as models::run without an observer, also when paused and slowed; its live
// counters end on the final numbers; cancel stops it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "models/simulation.hpp"
#include "models/outcomes/summary.hpp"
#include "scenarios/loader.hpp"
#include "viz/run_worker.hpp"

namespace spoolsim::viz {
namespace {

models::Scenario small_scenario() {
  return scenarios::load_default_scenario(
             {"population.users=120", "horizon=4d", "replications=2", "seed=11"})
      .scenario;
}

// Waits for a condition the worker thread makes true; fails after a minute
// rather than hanging the suite.
template <typename Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 60'000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return pred();
}

void expect_same_run(const models::RunResult& a, const models::RunResult& b) {
  EXPECT_EQ(models::run_fingerprint(a), models::run_fingerprint(b));
  ASSERT_EQ(a.replications.size(), b.replications.size());
  for (std::size_t r = 0; r < a.replications.size(); ++r) {
    EXPECT_EQ(a.replications[r].fingerprint, b.replications[r].fingerprint) << "replication " << r;
    EXPECT_EQ(a.replications[r].world_events, b.replications[r].world_events);
    EXPECT_EQ(a.replications[r].replica_events, b.replications[r].replica_events);
    ASSERT_EQ(a.replications[r].strategies.size(), b.replications[r].strategies.size());
    for (std::size_t i = 0; i < a.replications[r].strategies.size(); ++i) {
      const models::OutcomeCounts& x = a.replications[r].strategies[i].outcomes;
      const models::OutcomeCounts& y = b.replications[r].strategies[i].outcomes;
      EXPECT_EQ(x.sent, y.sent);
      EXPECT_EQ(x.delivered, y.delivered);
      EXPECT_EQ(x.bounced, y.bounced);
      EXPECT_EQ(x.lost, y.lost);
      EXPECT_EQ(x.pending, y.pending);
      EXPECT_EQ(x.lost_by_cause, y.lost_by_cause);
    }
  }
}

TEST(VizWorker, SameResultsAsARunWithoutDashboard) {
  const models::Scenario scenario = small_scenario();
  const models::RunResult plain = models::run(scenario);

  RunWorker worker;
  worker.start(scenario);
  worker.wait();
  ASSERT_EQ(worker.state(), RunState::Finished) << worker.error();
  const auto done = worker.finished();
  ASSERT_NE(done, nullptr);
  expect_same_run(plain, done->result);
  ASSERT_GT(done->result.replications.at(0).strategies.at(0).outcomes.sent, 0u) << "scenario too small to test";

  // Latency bands from the histograms merged over replications.
  ASSERT_EQ(done->latency.size(), scenario.strategies.size());
  for (std::size_t i = 0; i < done->latency.size(); ++i) {
    std::uint64_t count = 0;
    for (const models::ReplicationResult& r : plain.replications) count += r.strategies[i].latency_us.count();
    EXPECT_EQ(done->latency[i].strategy, scenario.strategies[i]);
    EXPECT_EQ(done->latency[i].delivered, count);
    double sum = 0.0;
    for (double b : done->latency[i].bands) sum += b;
    EXPECT_NEAR(sum, count > 0 ? 1.0 : 0.0, 1e-9);
  }

  // The final tables are summarize() of that result: what `spoolsim run` prints.
  const models::RunSummary summary = models::summarize(plain);
  ASSERT_EQ(summary.strategies.size(), done->summary.strategies.size());
  for (std::size_t i = 0; i < summary.strategies.size(); ++i) {
    EXPECT_EQ(summary.strategies[i].totals.lost, done->summary.strategies[i].totals.lost);
    EXPECT_EQ(summary.strategies[i].loss_rate.mean, done->summary.strategies[i].loss_rate.mean);
  }
}

TEST(VizWorker, LiveCountersEndOnTheFinalCounts) {
  const models::Scenario scenario = small_scenario();
  RunWorker worker;
  worker.start(scenario);
  worker.wait();
  ASSERT_EQ(worker.state(), RunState::Finished) << worker.error();
  const auto done = worker.finished();
  const LiveView live = worker.live();
  EXPECT_EQ(live.replication + 1, scenario.replications);
  EXPECT_EQ(live.now, scenario.horizon);
  ASSERT_EQ(live.strategies.size(), scenario.strategies.size());
  for (std::size_t i = 0; i < live.strategies.size(); ++i) {
    models::OutcomeCounts expected;
    for (const models::ReplicationResult& r : done->result.replications) expected.add(r.strategies[i].outcomes);
    const models::OutcomeCounts got = live.strategies[i].total();
    EXPECT_EQ(live.strategies[i].strategy, scenario.strategies[i]);
    EXPECT_EQ(got.sent, expected.sent) << models::to_string(scenario.strategies[i]);
    EXPECT_EQ(got.delivered, expected.delivered) << models::to_string(scenario.strategies[i]);
    EXPECT_EQ(got.lost, expected.lost) << models::to_string(scenario.strategies[i]);
    EXPECT_EQ(got.bounced, expected.bounced) << models::to_string(scenario.strategies[i]);
  }
}

TEST(VizWorker, PauseHoldsTheRunAndChangesNothing) {
  const models::Scenario scenario = small_scenario();
  const models::RunResult plain = models::run(scenario);

  RunWorker worker;
  worker.set_paused(true);
  worker.start(scenario);
  ASSERT_TRUE(eventually([&] { return worker.live().samples >= 1; }));
  const std::uint64_t held = worker.live().samples;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(worker.live().samples, held);  // blocked at its first sample
  EXPECT_EQ(worker.state(), RunState::Running);
  worker.set_delay_per_sample(std::chrono::milliseconds(1));
  worker.set_paused(false);
  ASSERT_TRUE(eventually([&] { return worker.live().samples >= held + 3; }));
  worker.set_delay_per_sample(std::chrono::milliseconds(0));
  worker.wait();
  ASSERT_EQ(worker.state(), RunState::Finished) << worker.error();
  expect_same_run(plain, worker.finished()->result);
}

TEST(VizWorker, CancelStopsASlowRun) {
  RunWorker worker;
  worker.set_delay_per_sample(std::chrono::milliseconds(10'000));
  worker.start(small_scenario());
  ASSERT_TRUE(eventually([&] { return worker.live().samples >= 1; }));
  worker.cancel();
  worker.wait();
  EXPECT_EQ(worker.state(), RunState::Cancelled);
  EXPECT_EQ(worker.finished(), nullptr);
}

TEST(VizWorker, RestartReplacesTheRun) {
  models::Scenario scenario = small_scenario();
  RunWorker worker;
  worker.set_delay_per_sample(std::chrono::milliseconds(10'000));
  worker.start(scenario);
  ASSERT_TRUE(eventually([&] { return worker.live().samples >= 1; }));
  worker.set_delay_per_sample(std::chrono::milliseconds(0));
  scenario.replications = 1;
  worker.start(scenario);  // cancels the slow run first
  worker.wait();
  ASSERT_EQ(worker.state(), RunState::Finished) << worker.error();
  EXPECT_EQ(worker.finished()->result.replications.size(), 1u);
  EXPECT_EQ(worker.live().replications, 1u);
}

TEST(VizWorker, SampleIntervalIsWholeMinutes) {
  models::Scenario s;
  s.horizon = 14 * sim::kDay;
  EXPECT_EQ(RunWorker::sample_interval(s) % sim::kMinute, 0);
  EXPECT_GE(s.horizon / RunWorker::sample_interval(s), 300);
  s.horizon = sim::kHour;
  EXPECT_EQ(RunWorker::sample_interval(s), sim::kMinute);
}

}  // namespace
}  // namespace spoolsim::viz

// The size check's estimate (issue 16, docs/sizing.md): it grows with every
// count a run scales with, more threads hold more replications in memory and
// finish sooner, and the machine's limit can be stated. Its accuracy against
// measured runs is a table in docs/sizing.md, not a timed test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"
#include "scenarios/resource_estimate.hpp"

namespace spoolsim::scenarios {
namespace {

models::Scenario scenario(const std::vector<std::string>& sets = {}) { return load_default_scenario(sets).scenario; }

constexpr double kCache = 2.0 * 1024 * 1024;  // a 2 MiB private cache

struct Grows {
  const char* what;
  std::vector<std::string> small, large;
  bool memory = true;  // false: only time grows (memory follows what is in flight)
};

// These compare two computed estimates (pure functions of the scenario);
// nothing is timed. Mean degree is not among the cases; its memory and time
// terms are measured apart (docs/sizing.md).
TEST(ScenarioResourceEstimate, GrowsWithEveryCountARunScalesWith) {
  const std::vector<Grows> cases = {
      {"users", {"population.users=1000"}, {"population.users=4000"}},
      {"messages per day", {"traffic.messages_per_user_per_day=10"}, {"traffic.messages_per_user_per_day=40"}},
      {"horizon", {"horizon=14d"}, {"horizon=28d"}, false},
      {"devices", {"population.devices_per_user.constant=1"}, {"population.devices_per_user.constant=3"}},
      {"strategies", {"strategies=deliver"}, {"strategies=deliver,purge_all,deferred"}},
  };
  for (const Grows& c : cases) {
    const models::Scenario a = scenario(c.small), b = scenario(c.large);
    if (c.memory) EXPECT_LT(replication_bytes(a), replication_bytes(b)) << c.what;
    EXPECT_LT(replication_cpu_seconds(a, kCache), replication_cpu_seconds(b, kCache)) << c.what;
    const ResourceEstimate ea = estimate_run(a, 1), eb = estimate_run(b, 1);
    if (c.memory) EXPECT_LT(ea.peak_bytes, eb.peak_bytes) << c.what;
    EXPECT_LT(ea.cpu_seconds, eb.cpu_seconds) << c.what;
    EXPECT_LT(ea.wall_seconds, eb.wall_seconds) << c.what;
  }
}

// Memory follows what is in flight (docs/sizing.md, "Memory in flight"):
// the messages of a day, not of the horizon; messages wait longer for users
// whose devices are rarely online; archiving adds the fates a catch-up
// device still away may fetch.
TEST(ScenarioResourceEstimate, MemoryFollowsWhatIsInFlightNotTheHorizon) {
  EXPECT_DOUBLE_EQ(replication_bytes(scenario({"horizon=7d"})), replication_bytes(scenario({"horizon=60d"})));
  EXPECT_LT(replication_cpu_seconds(scenario({"horizon=7d"}), kCache),
            replication_cpu_seconds(scenario({"horizon=60d"}), kCache));
  const Workload one = workload(scenario({"population.devices_per_user.constant=1"})),
                 three = workload(scenario({"population.devices_per_user.constant=3"}));
  EXPECT_GT(one.offline_share, three.offline_share);
  EXPECT_GT(one.offline_share, 0.0);
  EXPECT_LT(one.offline_share, 1.0);
  EXPECT_GT(workload(scenario({"clients[0].offline_duration.exponential.mean=48h"})).offline_share,
            workload(scenario()).offline_share);
  EXPECT_LT(replication_bytes(scenario()), replication_bytes(scenario({"server.mam.default=always"})));
  const Workload w = workload(scenario());
  EXPECT_NEAR(w.messages_per_day * 12.0, w.messages, 1e-6 * w.messages);  // 14 days less the 2-day drain
}

// Threads beyond the replications at once go inside them (models::run):
// the generator and the replicas share them, so one replication on two
// threads takes less wall time for the same CPU, but never less than the
// world's own part, and no more threads help than strategies plus one.
TEST(ScenarioResourceEstimate, ThreadsInsideOneReplicationShortenItsWallNotItsCpu) {
  const models::Scenario s = scenario({"replications=1", "population.users=20000"});
  const ResourceEstimate one = estimate_run(s, 1), two = estimate_run(s, 2);
  EXPECT_DOUBLE_EQ(one.cpu_seconds, two.cpu_seconds);
  EXPECT_DOUBLE_EQ(one.peak_bytes, two.peak_bytes);
  EXPECT_EQ(two.parallel_runs, 1u);
  EXPECT_LT(two.wall_seconds, one.wall_seconds);
  EXPECT_GE(two.wall_seconds, world_cpu_seconds(s, two.cache_bytes));
  EXPECT_DOUBLE_EQ(replication_wall_seconds(s, kCache, 1), replication_cpu_seconds(s, kCache));
  EXPECT_LT(world_cpu_seconds(s, kCache), replication_cpu_seconds(s, kCache));
  EXPECT_DOUBLE_EQ(replication_wall_seconds(s, kCache, 6), replication_wall_seconds(s, kCache, 60));  // 5 strategies
  // Two replications on two threads: one thread each, nothing left inside.
  const models::Scenario r2 = scenario({"replications=2", "population.users=20000"});
  EXPECT_NEAR(estimate_run(r2, 2).wall_seconds, estimate_run(r2, 1).wall_seconds / 2.0, 0.02);
}

// The per-message cost grows with the working set once it outgrows the cache
// (docs/sizing.md): 1 within it, then more with every doubling, and a bigger
// cache makes the same run faster.
TEST(ScenarioResourceEstimate, PerMessageCostGrowsWithTheWorkingSet) {
  EXPECT_DOUBLE_EQ(cpu_slowdown(1e6, kCache), 1.0);
  EXPECT_DOUBLE_EQ(cpu_slowdown(kCache, kCache), 1.0);
  EXPECT_DOUBLE_EQ(cpu_slowdown(1e9, 0.0), 1.0);  // unknown cache: linear
  const double one = cpu_slowdown(4 * kCache, kCache), two = cpu_slowdown(16 * kCache, kCache);
  EXPECT_GT(one, 1.0);
  EXPECT_GT(two, one);
  EXPECT_NEAR(two - 1.0, 2.0 * (one - 1.0), 1e-12);  // the same step per doubling

  // 10^5 users cost more per message than 2,000 (the same traffic per user).
  const models::Scenario small = scenario({"replications=1"}),
                         large = scenario({"replications=1", "population.users=100000"});
  const double per_user_small = replication_cpu_seconds(small, kCache) / small.population.users;
  const double per_user_large = replication_cpu_seconds(large, kCache) / large.population.users;
  EXPECT_GT(per_user_large, 1.3 * per_user_small);
  EXPECT_LT(replication_cpu_seconds(large, 64 * kCache), replication_cpu_seconds(large, kCache));
  const ResourceEstimate e = estimate_run(large, 1);
  EXPECT_GT(e.working_set_bytes, 0.0);
  EXPECT_GT(e.cache_bytes, 0.0);
  EXPECT_DOUBLE_EQ(e.slowdown, cpu_slowdown(e.working_set_bytes, e.cache_bytes));
  EXPECT_GT(private_cache_bytes(), 0.0);
}

TEST(ScenarioResourceEstimate, ReplicationsAddTimeNotMemoryOnOneThread) {
  const models::Scenario few = scenario({"replications=2"}), many = scenario({"replications=20"});
  const ResourceEstimate a = estimate_run(few, 1), b = estimate_run(many, 1);
  EXPECT_DOUBLE_EQ(a.peak_bytes, b.peak_bytes);
  EXPECT_GT(b.cpu_seconds, 5.0 * a.cpu_seconds);
  EXPECT_EQ(b.parallel_runs, 1u);
}

TEST(ScenarioResourceEstimate, ThreadsHoldMoreReplicationsAndFinishSooner) {
  const models::Scenario s = scenario({"replications=8"});
  const ResourceEstimate one = estimate_run(s, 1), four = estimate_run(s, 4), many = estimate_run(s, 64);
  EXPECT_GT(four.peak_bytes, one.peak_bytes);
  EXPECT_LT(four.wall_seconds, one.wall_seconds);
  EXPECT_DOUBLE_EQ(four.cpu_seconds, one.cpu_seconds);  // the same work
  EXPECT_EQ(four.parallel_runs, 4u);
  EXPECT_EQ(many.parallel_runs, 8u);  // no more at once than there are replications
  EXPECT_DOUBLE_EQ(many.peak_bytes, estimate_run(s, 8).peak_bytes);
}

TEST(ScenarioResourceEstimate, TheDefaultScenarioIsSmallAndAHugeOneIsNot) {
  // Loose bounds: the calibrated values are in docs/sizing.md.
  const ResourceEstimate small = estimate_run(scenario(), 1);
  EXPECT_GT(small.peak_bytes, 10e6);
  EXPECT_LT(small.peak_bytes, 100e6);
  EXPECT_GT(small.cpu_seconds, 0.5);
  EXPECT_LT(small.cpu_seconds, 60.0);
  const ResourceEstimate huge = estimate_run(scenario({"population.users=100000000"}), 2);
  EXPECT_GT(huge.peak_bytes, 5e11);  // most of a terabyte
  EXPECT_GT(huge.wall_seconds, 86400.0);
  EXPECT_NE(huge.basis.find("100000000 users"), std::string::npos) << huge.basis;
  EXPECT_NE(huge.basis.find("2 at once"), std::string::npos) << huge.basis;
}

TEST(ScenarioResourceEstimate, PointsPoolTheirReplications) {
  const models::Scenario a = scenario({"population.users=1000"}), b = scenario({"population.users=3000"});
  const ResourceEstimate both = estimate_points({&a, &b}, 5, 2);
  // Memory: the largest point's replication, twice at once; time: all tasks.
  EXPECT_GT(both.peak_bytes, estimate_points({&a}, 5, 2).peak_bytes);
  EXPECT_DOUBLE_EQ(both.peak_bytes, estimate_points({&b}, 5, 2).peak_bytes);
  EXPECT_NEAR(both.cpu_seconds,
              estimate_points({&a}, 5, 2).cpu_seconds + estimate_points({&b}, 5, 2).cpu_seconds, 0.1);
  EXPECT_DOUBLE_EQ(both.runs, 10.0);
}

TEST(ScenarioResourceEstimate, TheLimitCanBeStatedInTheEnvironment) {
  std::string where;
  ::setenv("SPOOLSIM_MEMORY_LIMIT", "512M", 1);
  EXPECT_EQ(available_memory_bytes(&where), 512ull << 20);
  EXPECT_EQ(where, "SPOOLSIM_MEMORY_LIMIT");
  ::setenv("SPOOLSIM_MEMORY_LIMIT", "2g", 1);
  EXPECT_EQ(available_memory_bytes(), 2ull << 30);
  ::setenv("SPOOLSIM_MEMORY_LIMIT", "1000", 1);
  EXPECT_EQ(available_memory_bytes(), 1000u);
  ::unsetenv("SPOOLSIM_MEMORY_LIMIT");
  const std::uint64_t machine = available_memory_bytes(&where);
  EXPECT_GT(machine, 0u) << "no MemAvailable in /proc/meminfo?";
  EXPECT_NE(where, "SPOOLSIM_MEMORY_LIMIT");
}

TEST(ScenarioResourceEstimate, HumanUnits) {
  EXPECT_EQ(human_bytes(512), "512 B");
  EXPECT_EQ(human_bytes(1.5 * 1024 * 1024 * 1024), "1.5 GiB");
  EXPECT_EQ(human_bytes(593.0 * 1024 * 1024), "593 MiB");
  EXPECT_EQ(human_seconds(4.54), "4.5 s");
  EXPECT_EQ(human_seconds(600), "10 min");
  EXPECT_EQ(human_seconds(3 * 3600), "3.0 h");
  EXPECT_EQ(human_seconds(10 * 86400), "10 days");
}

}  // namespace
}  // namespace spoolsim::scenarios

// Whole-scenario throughput (issue 7).
//   e2e_replication/<k>_strategies: one replication of the built-in default
//     scenario (2,000 users, 14 days) with the first k strategies; counters
//     world_events/s and replica_events/s. The five/one time ratio is the
//     cost of evaluating every strategy in one pass.
//   e2e_default_run/threads:<n>: the whole default run (5 strategies x 5
//     replications) through models::run.
// Scale mode (own process, for peak RSS):
//   bench_end_to_end --scale USERS DAYS [REPLICATIONS [THREADS]]
// runs one pass of all five strategies on THREADS threads (default 1; with
// one replication they share its strategies) and prints one line of
// key=value: wall_s, cpu_s, peak_rss_mib (getrusage), world_events,
// replica_events.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "models/simulation.hpp"
#include "scenarios/loader.hpp"

using namespace spoolsim;

namespace {

const std::vector<models::StrategyKind> kAll = {models::StrategyKind::Deliver, models::StrategyKind::PurgeAll,
                                               models::StrategyKind::PurgeIfArchiving,
                                               models::StrategyKind::PurgeArchived, models::StrategyKind::Deferred};

models::Scenario default_scenario() {
  models::Scenario s = scenarios::load_default_scenario().scenario;
  s.strategies = kAll;
  return s;
}

void BM_replication(benchmark::State& state) {
  const models::Scenario scenario = default_scenario();
  const std::vector<models::StrategyKind> strategies(kAll.begin(),
                                                     kAll.begin() + static_cast<std::ptrdiff_t>(state.range(0)));
  std::uint64_t world = 0, replica = 0;
  for (auto _ : state) {
    const models::ReplicationResult r = models::run_replication(scenario, 0, strategies);
    world += r.world_events;
    replica += r.replica_events;
    benchmark::DoNotOptimize(r.fingerprint);
  }
  state.counters["world_events/s"] = benchmark::Counter(static_cast<double>(world), benchmark::Counter::kIsRate);
  state.counters["replica_events/s"] = benchmark::Counter(static_cast<double>(replica), benchmark::Counter::kIsRate);
  state.counters["users"] = scenario.population.users;
  state.counters["replications"] = 1;  // the CSV reporter wants the same counters in every run
}
BENCHMARK(BM_replication)->Name("e2e_replication/strategies")->Arg(1)->Arg(5)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_default_run(benchmark::State& state) {
  const models::Scenario scenario = default_scenario();
  models::RunOptions options;
  options.threads = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t world = 0, replica = 0;
  for (auto _ : state) {
    const models::RunResult r = models::run(scenario, options);
    for (const auto& rep : r.replications) {
      world += rep.world_events;
      replica += rep.replica_events;
    }
  }
  state.counters["world_events/s"] = benchmark::Counter(static_cast<double>(world), benchmark::Counter::kIsRate);
  state.counters["replica_events/s"] = benchmark::Counter(static_cast<double>(replica), benchmark::Counter::kIsRate);
  state.counters["users"] = scenario.population.users;
  state.counters["replications"] = scenario.replications;
}
BENCHMARK(BM_default_run)->Name("e2e_default_run/threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)
    ->UseRealTime();

int scale(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_end_to_end --scale USERS DAYS [REPLICATIONS [THREADS]]\n");
    return 2;
  }
  models::Scenario scenario = default_scenario();
  scenario.population.users = static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 10));
  scenario.horizon = static_cast<sim::Duration>(std::strtoll(argv[3], nullptr, 10)) * sim::kDay;
  scenario.replications = argc > 4 ? static_cast<std::uint32_t>(std::strtoul(argv[4], nullptr, 10)) : 1;
  models::RunOptions options;
  options.threads = argc > 5 ? std::max(1u, static_cast<std::uint32_t>(std::strtoul(argv[5], nullptr, 10))) : 1;
  const auto start = std::chrono::steady_clock::now();
  const models::RunResult r = models::run(scenario, options);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::uint64_t world = 0, replica = 0;
  for (const auto& rep : r.replications) {
    world += rep.world_events;
    replica += rep.replica_events;
  }
  std::printf(
      "users=%u days=%lld replications=%u threads=%u strategies=%zu msgs_per_user_day=%.1f wall_s=%.3f cpu_s=%.3f "
      "peak_rss_mib=%.1f world_events=%llu replica_events=%llu\n",
      scenario.population.users, static_cast<long long>(scenario.horizon / sim::kDay), scenario.replications,
      options.threads, scenario.strategies.size(), scenario.traffic.messages_per_user_per_day, wall,
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6,
      static_cast<double>(usage.ru_maxrss) / 1024.0, static_cast<unsigned long long>(world),
      static_cast<unsigned long long>(replica));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--scale") == 0) {
    try {
      return scale(argc, argv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_end_to_end: %s\n", e.what());
      return 1;
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

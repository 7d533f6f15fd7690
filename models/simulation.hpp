// One pass, all strategies (architecture): the world's events are produced
// once and applied to one server replica per strategy.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "models/results.hpp"
#include "models/scenario.hpp"
#include "models/spool_trace.hpp"

namespace spoolsim::models {

// A live view for progress bars and the dashboard: cumulative counts of
// counted messages so far (fates decided so far), per strategy.
struct LiveStrategy {
  StrategyKind strategy = StrategyKind::Deliver;
  OutcomeCounts so_far;        // pending = not yet decided
  std::uint64_t spool_rows = 0;
  std::uint64_t archive_rows = 0;
};
struct LiveSample {
  std::uint32_t replication = 0;
  sim::Time now = 0;
  sim::Time horizon = 0;
  std::vector<LiveStrategy> strategies;
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Called from the thread running the replication, every sample_every of
  // simulated time and once at the horizon. Must be thread-safe.
  virtual void on_sample(const LiveSample& sample) { (void)sample; }
  // Called at each sample: true stops the run (it then throws RunCancelled).
  virtual bool cancelled() { return false; }
};

struct RunCancelled : std::exception {
  const char* what() const noexcept override { return "run cancelled"; }
};

struct RunOptions {
  std::uint32_t threads = 1;
  sim::Duration sample_every = sim::kHour;
  RunObserver* observer = nullptr;
  // Optional (issue 7): receives every spool operation per strategy. Only
  // with threads == 1 or a thread-safe sink.
  SpoolTraceSink* spool_trace = nullptr;
};

// Runs scenario.replications replications of all scenario.strategies.
// Results are bit-identical for any thread count (R1.2). Throws
// std::logic_error("internal error: ...") if R10.6 fails.
RunResult run(const Scenario& scenario, const RunOptions& options = {});

// One replication; `strategies` may be a subset (a strategy's results do not
// depend on which others run beside it).
ReplicationResult run_replication(const Scenario& scenario, std::uint32_t replication,
                                  const std::vector<StrategyKind>& strategies,
                                  const RunOptions& options = {});

}  // namespace spoolsim::models

// One pass, all strategies (architecture): the world's events are produced
// once and applied to one server replica per strategy.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "models/outcomes/live.hpp"
#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"
#include "models/server/spool_trace.hpp"

namespace spoolsim::models {

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

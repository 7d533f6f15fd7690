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
  // Replications run in parallel, up to `threads` at once; threads beyond the
  // replications go inside them (threads / replications each), where the
  // strategies' replicas share them. Results do not depend on it (R1.2).
  std::uint32_t threads = 1;
  // Events the generator runs ahead of the replicas at most (0: the
  // default, 16,384); results do not depend on it (tests vary it).
  std::uint32_t batch_events = 0;
  sim::Duration sample_every = sim::kHour;
  RunObserver* observer = nullptr;
  // Optional (issue 7): receives every spool operation per strategy. Only
  // with threads == 1 or a thread-safe sink; a traced replication applies
  // its replicas on one thread, one event at a time, so each replication's
  // operations come in event order.
  SpoolTraceSink* spool_trace = nullptr;
};

// Runs scenario.replications replications of all scenario.strategies.
// Results are bit-identical for any thread count (R1.2). Throws
// std::logic_error("internal error: ...") if R10.6 fails.
RunResult run(const Scenario& scenario, const RunOptions& options = {});

// One replication on options.threads threads; `strategies` may be a subset
// (a strategy's results do not depend on which others run beside it).
ReplicationResult run_replication(const Scenario& scenario, std::uint32_t replication,
                                  const std::vector<StrategyKind>& strategies,
                                  const RunOptions& options = {});

}  // namespace spoolsim::models

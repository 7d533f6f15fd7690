// Summaries over replications (R12.1, R12.3): what `spoolsim run` prints and
// the dashboard shows, computed in one place.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/outcomes/results.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::models {

struct StrategySummary {
  StrategyKind strategy = StrategyKind::Deliver;
  OutcomeCounts totals;                    // summed over replications
  sim::ConfidenceInterval loss_rate;       // mean and 95% CI over replications
  double latency_p50_s = 0, latency_p95_s = 0, latency_p99_s = 0;
  StorageStats spool;                      // peaks: max over replications; others: mean
  StorageStats archive;
  double mean_spool_rows_per_user = 0.0;
  double cost_per_month_per_1000_users = 0.0;
  std::vector<GroupOutcome> by_recipient_mix;  // summed
  std::vector<GroupOutcome> by_profile;
};

struct PairedDifference {  // R12.3: loss_rate(a) - loss_rate(b), paired by replication
  StrategyKind a = StrategyKind::Deliver;
  StrategyKind b = StrategyKind::Deliver;
  sim::ConfidenceInterval loss_rate_diff;
};

struct RunSummary {
  std::vector<StrategySummary> strategies;
  std::vector<PairedDifference> paired;  // each strategy against deliver, else the first
};

RunSummary summarize(const RunResult& result);

// The run's fingerprint: the replications' fingerprints folded in replication
// order (style anchor 5: same fingerprint, same run).
std::uint64_t run_fingerprint(const RunResult& result);
// What the server did under the strategy at `index`: its replicas'
// fingerprints folded in replication order (issue 12 item 8).
std::uint64_t strategy_fingerprint(const RunResult& result, std::size_t index);
// Events executed: world events plus replica events, summed over replications.
std::uint64_t total_events(const RunResult& result);
// Loss rate per replication (replication order) of the strategy at `index`.
std::vector<double> loss_rates(const RunResult& result, std::size_t index);

}  // namespace spoolsim::models

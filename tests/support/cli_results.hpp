// Hand-built RunResults for the cli group's summary and formatter tests.
#pragma once
#include <cstdint>
#include <vector>

#include "models/outcomes/results.hpp"

namespace spoolsim::testing {

// One strategy in one replication with `sent` messages of which `lost` are
// lost (all to `cause`), `bounced` bounced, `pending` pending, the rest
// delivered with latencies `latency_s` (seconds; cycled over the delivered).
models::StrategyResult strategy_result(models::StrategyKind kind, std::uint64_t sent, std::uint64_t lost,
                                       std::uint64_t bounced, std::uint64_t pending,
                                       models::LossCause cause, const std::vector<double>& latency_s);

// `replications` x the given strategies, lost[s][r] losses out of `sent`,
// with two recipient mixes and two profiles splitting every count in halves
// (rounded down for the first), storage growing with the replication number.
models::RunResult run_result(const std::vector<models::StrategyKind>& strategies, std::uint64_t sent,
                             const std::vector<std::vector<std::uint64_t>>& lost, std::uint32_t users = 100);

}  // namespace spoolsim::testing

// The size check's verdict (issue 16, docs/sizing.md), shared by the `spoolsim`
// commands that run simulations and by the dashboard: a run whose estimated
// peak memory exceeds what this machine has available is refused unless
// forced; a run estimated to take more than a few minutes is announced.
#pragma once
#include <cstdint>
#include <string>

#include "scenarios/resource_estimate.hpp"

namespace spoolsim::scenarios {

// Runs longer than this (estimated wall time) get a warning.
inline constexpr double kWarnWallSeconds = 180.0;

struct SizeVerdict {
  bool refuse = false;
  bool warn = false;
  std::string message;  // what to print on stderr (after "PROGRAM COMMAND: "), or ""
};

// `available` 0: unknown, never refused. `where` names the limit's source.
SizeVerdict judge_size(const ResourceEstimate& e, std::uint64_t available, const std::string& where, bool force);

// judge_size against this machine's available memory (available_memory_bytes()).
SizeVerdict judge_size_here(const ResourceEstimate& e, bool force);

}  // namespace spoolsim::scenarios

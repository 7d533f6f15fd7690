// The size check before a simulation starts (issue 16, docs/sizing.md): a run
// whose estimated peak memory exceeds what this machine has available is
// refused (exit 2) unless --force; a run estimated to take more than a few
// minutes of wall time is announced on stderr, with the estimate.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "scenarios/resource_estimate.hpp"

namespace spoolsim::cli {

// Runs longer than this (estimated wall time) get a warning.
inline constexpr double kWarnWallSeconds = 180.0;

struct SizeVerdict {
  bool refuse = false;
  bool warn = false;
  std::string message;  // what to print on stderr (after "spoolsim COMMAND: "), or ""
};
// `available` 0: unknown, never refused. `where` names the limit's source.
SizeVerdict judge_size(const scenarios::ResourceEstimate& e, std::uint64_t available, const std::string& where,
                       bool force);

// Prints the verdict on stderr; throws Exit{kExitBadInput} when refused.
void check_size(const std::string& command, const scenarios::ResourceEstimate& e, bool force);

// Adds --force to a command that runs simulations.
void add_force_option(CLI::App* cmd, bool& force);

}  // namespace spoolsim::cli

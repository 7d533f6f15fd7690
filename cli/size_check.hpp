// The size check before a simulation starts (issue 16, docs/sizing.md): the
// verdict of scenarios/size_verdict.hpp printed on stderr, exit 2 when the
// run is refused; --force runs it anyway.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "scenarios/resource_estimate.hpp"
#include "scenarios/size_verdict.hpp"

namespace spoolsim::cli {

using scenarios::judge_size;
using scenarios::kWarnWallSeconds;
using scenarios::SizeVerdict;

// Prints the verdict on stderr; throws Exit{kExitBadInput} when refused.
void check_size(const std::string& command, const scenarios::ResourceEstimate& e, bool force);

// Adds --force to a command that runs simulations.
void add_force_option(CLI::App* cmd, bool& force);

}  // namespace spoolsim::cli

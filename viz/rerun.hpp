// What the Rerun button loads: the scenario file (or the built-in default)
// with the command line's --set overrides, then one per changed knob, then
// the strategy choice, through the same loader as `spoolsim run`. So the
// rerun is exactly `spoolsim run SCENARIO --set ...` with these sets.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"
#include "scenarios/loader.hpp"
#include "viz/knobs.hpp"

namespace spoolsim::viz {

// Throws std::invalid_argument when no strategy is enabled. `all` are the
// strategies of the scenario as loaded, `enabled` says which to run; the
// "strategies=" set is added only when some are left out.
std::vector<std::string> rerun_sets(const std::vector<std::string>& command_sets, const Knobs& loaded,
                                    const Knobs& edited, const std::vector<models::StrategyKind>& all,
                                    const std::vector<bool>& enabled);

// load_default_scenario(sets) for an empty path, else load_scenario_file(path, sets).
scenarios::LoadedScenario load_for_dashboard(const std::string& path, const std::vector<std::string>& sets);

}  // namespace spoolsim::viz

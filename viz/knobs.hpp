// The main knobs of the dashboard's rerun panel, and how they become
// `--set path=value` overrides: a rerun reloads the scenario through
// scenarios::load_scenario_file / load_default_scenario with the command
// line's sets followed by one set per knob that differs from the scenario as
// loaded. So a rerun is exactly `spoolsim run SCENARIO --set ...` with those sets.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"

namespace spoolsim::viz {

struct Knobs {
  std::string server_preset;                        // as resolved ("" if none)
  models::MamDefault mam_default = models::MamDefault::Never;
  std::vector<std::string> client_names;            // population.client_mix order
  std::vector<float> client_weights;
  int users = 0;
  float messages_per_user_per_day = 0.0f;
};

Knobs knobs_of(const models::Scenario& scenario);

// One "path=value" per knob of `edited` that differs from `loaded`, in a
// fixed order: server preset first (a preset is applied before the values
// that follow it), then MAM default, client mix weights, users, messages.
std::vector<std::string> knob_sets(const Knobs& edited, const Knobs& loaded);

// The equivalent command line, for the window: `spoolsim run FILE --set ...`.
std::string equivalent_command(const std::string& scenario_path, const std::vector<std::string>& sets);

}  // namespace spoolsim::viz

// What the window knows between frames: the scenario as loaded, the knobs as
// edited, the strategies shown, and requests from the controls to the loop.
#pragma once
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"
#include "scenarios/loader.hpp"
#include "viz/dashboard_options.hpp"
#include "viz/knobs.hpp"

namespace spoolsim::viz {

struct DashboardState {
  DashboardOptions options;
  scenarios::LoadedScenario base;  // the file (or default) + command-line sets
  Knobs base_knobs;                // knobs_of(base.scenario)
  Knobs knobs;                     // as edited in the window
  std::vector<std::string> server_presets;

  // The strategies of the base scenario and which of them run (checkboxes).
  std::vector<models::StrategyKind> strategies;
  std::vector<bool> enabled;

  // The current run: its scenario and the sets it was loaded with.
  models::Scenario running;
  std::vector<std::string> running_sets;

  int delay_ms = 0;
  bool paused = false;
  bool rerun_requested = false;
  std::string message;  // last reload error, shown in the controls
};

}  // namespace spoolsim::viz

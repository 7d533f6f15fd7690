// The dashboard program: loads the scenario, opens the window, runs the
// simulation in a RunWorker and draws frames until the window closes (or,
// with --frames / --screenshot, until the frame count or the run's end).
#pragma once
#include <string>

#include "viz/dashboard_options.hpp"

namespace spoolsim::viz {

// Exit statuses: 0 done; 1 no display / OpenGL / PNG write failed;
// 2 bad arguments or scenario; 3 the run failed (internal error).
inline constexpr int kExitNoDisplay = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitRunFailed = 3;

// Returns the exit status; `message` gets what to tell the person on failure.
int run_dashboard(const DashboardOptions& options, std::string& message);

}  // namespace spoolsim::viz

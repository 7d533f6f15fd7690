// Draws one frame of the dashboard: the header, the controls on the left and
// the per-strategy tables and plots on the right. Controls act on the worker
// (pause, delay) at once; a rerun is requested through the state.
#pragma once
#include "viz/dashboard_state.hpp"
#include "viz/run_worker.hpp"
#include "viz/theme.hpp"

namespace spoolsim::viz {

void draw_dashboard(DashboardState& state, RunWorker& worker, const Fonts& fonts);

}  // namespace spoolsim::viz

// The dashboard's size check (issue 16, docs/sizing.md): the same estimate and
// verdict as `spoolsim run`, for the dashboard's one worker thread. A run
// that would not fit this machine's memory is refused at start (exit 2) and
// at a Rerun (the current run goes on) unless --force; a long one is
// announced.
#pragma once
#include "models/inputs/scenario.hpp"
#include "scenarios/size_verdict.hpp"

namespace spoolsim::viz {

scenarios::SizeVerdict dashboard_size_verdict(const models::Scenario& scenario, bool force);

}  // namespace spoolsim::viz

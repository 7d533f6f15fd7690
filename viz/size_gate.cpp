#include "viz/size_gate.hpp"

#include "scenarios/resource_estimate.hpp"

namespace spoolsim::viz {

scenarios::SizeVerdict dashboard_size_verdict(const models::Scenario& scenario, bool force) {
  // RunWorker runs the replications one after another on one thread.
  return scenarios::judge_size_here(scenarios::estimate_run(scenario, 1), force);
}

}  // namespace spoolsim::viz

// The JSON report's "occupancy" key: spool rows and bytes per strategy and
// archive rows and bytes over the whole run, at fixed sample times, as the
// mean over replications (for the HTML report's occupancy plot).
#pragma once
#include <nlohmann/json.hpp>

#include "cli/report.hpp"

namespace spoolsim::cli {

nlohmann::ordered_json occupancy_json(const Report& report);

}  // namespace spoolsim::cli

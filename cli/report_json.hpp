// The JSON report of `spoolsim run`. Field names are a stable interface,
// documented one by one in docs/report-format.md.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "cli/report.hpp"

namespace spoolsim::cli {

nlohmann::ordered_json report_json(const Report& report);
// The flat `records` table: one dict per strategy (docs/report-format.md).
nlohmann::ordered_json run_records(const Report& report);
// report_json(report) dumped with two-space indentation and a final newline.
std::string format_json(const Report& report);

}  // namespace spoolsim::cli

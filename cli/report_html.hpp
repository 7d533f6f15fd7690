// Writing the HTML report (report/html_report.hpp) for `spoolsim report`
// and for the --report option of run, sweep and compare, which render the
// same JSON they would print.
#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace spoolsim::cli {

// Writes the page for one result atomically to `path`. The JSON is the
// command's own, so a field it lacks is an internal error (std::logic_error);
// a file that cannot be written throws std::runtime_error with its reason.
void write_html_report(const std::string& path, const nlohmann::ordered_json& result, const std::string& name);

}  // namespace spoolsim::cli

// The CSV report of `spoolsim run`: one row per strategy and replication, each
// row naming what produced it (scenario, its SHA-256, seed, replication,
// version). Columns are documented in docs/report-format.md.
#pragma once
#include <string>
#include <vector>

#include "cli/report.hpp"

namespace spoolsim::cli {

// The columns every run's CSV has; csv_columns(report) adds one "set:PATH"
// column per override and the headline text.
std::vector<std::string> csv_columns();
std::vector<std::string> csv_columns(const Report& report);
std::string format_csv(const Report& report);
// RFC 4180: quoted when the field holds a comma, a quote or a line break.
std::string csv_field(const std::string& text);

}  // namespace spoolsim::cli

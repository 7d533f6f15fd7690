// The human report of `spoolsim run` (R12): aligned tables with units.
#pragma once
#include <string>
#include <vector>

#include "cli/report.hpp"
#include "report/human_format.hpp"

namespace spoolsim::cli {

std::string format_table(const Report& report);

// The numbers in the table are formatted for people by the report room.
using report::group_thousands;
using report::human_duration;
using report::money;
using report::percent;
using report::percent_decimals;
using report::percentage_points;

// A plain text table: first column left-aligned, the others right-aligned,
// two spaces between columns.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace spoolsim::cli

// The human report of `spoolsim run` (R12): aligned tables with units.
#pragma once
#include <string>
#include <vector>

#include "cli/report.hpp"

namespace spoolsim::cli {

std::string format_table(const Report& report);

// Helpers, exposed for tests.
// 1234567 -> "1,234,567".
std::string group_thousands(std::uint64_t value);
// Seconds in the largest fitting unit: "0 s", "250 ms", "42 s", "3.5 min", "2.1 h", "3.2 d".
std::string human_duration(double seconds);
// A rate as a percentage with `decimals` decimals: 0.01234, 2 -> "1.23%".
std::string percent(double rate, int decimals);
// Decimals (2..4) so that the smallest non-zero |rate| shows two significant digits.
int percent_decimals(const std::vector<double>& rates);

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

#include "cli/report_html.hpp"

#include <stdexcept>

#include "cli/report.hpp"
#include "report/html_report.hpp"

namespace spoolsim::cli {

void write_html_report(const std::string& path, const nlohmann::ordered_json& result, const std::string& name) {
  std::string page;
  try {
    page = report::html_report({report::ReportInput{name, result}});
  } catch (const report::FieldError& e) {
    throw std::logic_error(std::string("internal error: the HTML report cannot read this command's JSON: ") + e.what());
  }
  write_file_atomically(path, page);
}

}  // namespace spoolsim::cli

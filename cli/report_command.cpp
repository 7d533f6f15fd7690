// `spoolsim report RESULT.json... [--out report.html]` (issue 17 item 4):
// one self-contained HTML page from the JSON of run, sweep or compare.
// A file that is not such a result ends with exit 2 and FILE:LINE: the
// field at fault; nothing is written then.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "cli/report.hpp"
#include "cli/sweep.hpp"
#include "cli/terminal_text.hpp"
#include "report/html_report.hpp"

namespace spoolsim::cli {
namespace {

struct ReportArgs {
  std::vector<std::string> inputs;
  std::string out;
};

[[noreturn]] void bad_input(const std::string& message) {
  std::cerr << "spoolsim report: " << message << "\n";
  throw Exit{kExitBadInput};
}

std::string read_input(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(path, std::ios::binary);
  if (!in) bad_input(fmt::format("{}: cannot open: {}", printable(path), std::strerror(errno)));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) bad_input(fmt::format("{}: cannot read", printable(path)));
  return s.str();
}

// 1-based line and column of byte `offset` (nlohmann counts from 1, past the bad byte).
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i + 1 < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

void report(const ReportArgs& args) {
  if (!args.out.empty()) check_out_path("spoolsim report", args.out);
  std::vector<std::string> texts;
  std::vector<report::ReportInput> inputs;
  for (const std::string& path : args.inputs) {
    texts.push_back(read_input(path));
    const std::string name = path == "-" ? "<stdin>" : path;
    try {
      inputs.push_back(report::ReportInput{name, nlohmann::ordered_json::parse(texts.back())});
    } catch (const nlohmann::json::parse_error& e) {
      const auto [line, column] = line_column(texts.back(), e.byte);
      std::string what = e.what();
      if (const auto at = what.find("syntax error"); at != std::string::npos) what = what.substr(at);
      bad_input(fmt::format("{}:{}:{}: not JSON: {}; allowed: the JSON of spoolsim run, sweep or compare "
                            "(--format json)",
                            printable(name), line, column, printable(what)));
    }
  }
  std::string page;
  try {
    page = report::html_report(inputs);
  } catch (const report::FieldError& e) {
    // Which document: the renderer goes in order, so find the first that fails alone.
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      try {
        (void)report::html_report({inputs[i]});
      } catch (const report::FieldError& one) {
        bad_input(fmt::format("{}:{}: {}", printable(inputs[i].name), report::json_line(texts[i], one.pointer()),
                              printable(one.what())));
      }
    }
    bad_input(e.what());
  }
  if (args.out.empty()) {
    std::cout << page << std::flush;
    return;
  }
  try {
    write_file_atomically(args.out, page);
  } catch (const std::runtime_error& e) {
    bad_input(fmt::format("--out {}", e.what()));
  }
}

void setup_report(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write one self-contained HTML page (no network needed to open it) from the JSON of run, sweep or "
                "compare: metadata, headline, tables with intervals, SVG charts and the data itself");
  cmd->add_option("RESULT", args->inputs, "JSON results (spoolsim run|sweep|compare --format json; - reads standard input)")
      ->required();
  cmd->add_option("--out", args->out, "Write the page to FILE (atomically) instead of standard output");
  cmd->callback([args] { report(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(17, setup_report)

}  // namespace spoolsim::cli

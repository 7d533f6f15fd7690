// `spoolsim validate FILE...`: loads and validates each scenario file.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/terminal_text.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  std::vector<std::string> sets;
};

// Stdout holds the "FILE: ok" lines only when every file passed (exit 0):
// with any bad file (exit 2) stdout stays empty, as for every failing
// command, and the ok lines go to stderr among the errors, in argument order.
void validate(const ValidateArgs& args) {
  std::vector<std::string> lines;  // "FILE: ok" or the error, in order
  std::vector<bool> ok;
  for (const std::string& file : args.files) {
    try {
      scenarios::load_scenario_file(file, args.sets);
      lines.push_back(printable(file) + ": ok");
      ok.push_back(true);
    } catch (const scenarios::ScenarioError& e) {
      lines.push_back(printable(e.what(), true));  // already "file:line:column: field: ..."
      ok.push_back(false);
    }
  }
  const bool all_ok = std::find(ok.begin(), ok.end(), false) == ok.end();
  for (const std::string& line : lines) (all_ok ? std::cout : std::cerr) << line << "\n";
  if (!all_ok) throw Exit{kExitBadInput};
}

void setup_validate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check scenario files: prints \"FILE: ok\" for each on stdout when all are good (exit 0); if any is bad, "
      "stdout stays empty and every file's line, ok or error, goes to stderr (exit 2)");
  cmd->add_option("FILE", args->files, "Scenario files (.textproto or .json); - reads standard input")->required();
  cmd->add_option("--set", args->sets, "Override a field in every file before validating: path=value (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([args] { validate(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(20, setup_validate)

}  // namespace spoolsim::cli

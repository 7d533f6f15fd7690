// `spoolsim validate FILE...`: loads and validates each scenario file.
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

struct ValidateArgs {
  std::vector<std::string> files;
  std::vector<std::string> sets;
};

void validate(const ValidateArgs& args) {
  bool all_ok = true;
  for (const std::string& file : args.files) {
    try {
      scenarios::load_scenario_file(file, args.sets);
      std::cout << file << ": ok\n";
    } catch (const scenarios::ScenarioError& e) {
      all_ok = false;
      std::cout.flush();
      std::cerr << e.what() << "\n";  // already "file:line:column: field: ..."
    }
  }
  std::cout.flush();
  if (!all_ok) throw Exit{kExitBadInput};
}

void setup_validate(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check scenario files: prints \"FILE: ok\" or the error for each; exit status 2 if any is bad");
  cmd->add_option("FILE", args->files, "Scenario files (.textproto or .json)")->required();
  cmd->add_option("--set", args->sets, "Override a field in every file before validating: path=value (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([args] { validate(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(20, setup_validate)

}  // namespace spoolsim::cli

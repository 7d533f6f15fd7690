// `spoolsim explain [SCENARIO] [--set ...]`: the fully resolved scenario
// (presets applied, defaults filled in) as textproto. The output is itself a
// valid scenario file that resolves to the same SHA-256.
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/terminal_text.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

struct ExplainArgs {
  std::string scenario;
  std::vector<std::string> sets;
};

void explain(const ExplainArgs& args) {
  const scenarios::LoadedScenario loaded = args.scenario.empty()
                                               ? scenarios::load_default_scenario(args.sets)
                                               : scenarios::load_scenario_file(args.scenario, args.sets);
  std::cout << "# Resolved from " << printable(loaded.source) << "\n# sha256 " << loaded.sha256 << "\n";
  for (const std::string& line : loaded.preset_sources) std::cout << "# " << printable(line) << "\n";
  std::cout << loaded.resolved_textproto;
  if (!loaded.resolved_textproto.empty() && loaded.resolved_textproto.back() != '\n') std::cout << '\n';
}

void setup_explain(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand("explain", "Print the resolved scenario (presets and defaults applied) as textproto");
  cmd->add_option("SCENARIO", args->scenario, "Scenario file (- reads standard input); default: the built-in default");
  cmd->add_option("--set", args->sets, "Override a scenario field: path=value (repeatable)")->allow_extra_args(false);
  cmd->callback([args] { explain(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(50, setup_explain)

}  // namespace spoolsim::cli

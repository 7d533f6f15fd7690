// `spoolsim compare A B` or `spoolsim compare [SCENARIO] --preset A --preset B`
// (issue 17 item 2): two configurations on the same users and messages,
// paired differences per strategy and for what each side's release runs,
// and a verdict at 95% (none with one replication).
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "cli/command.hpp"
#include "cli/report.hpp"
#include "cli/size_check.hpp"
#include "cli/sweep.hpp"

namespace spoolsim::cli {
namespace {

struct CompareArgs {
  std::vector<std::string> files;
  std::vector<std::string> presets;
  std::vector<std::string> sets;
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> strategies;
  ExecuteOptions run;
};

void compare(CompareArgs& args) {
  Plan plan;
  plan.kind = "compare";
  plan.labels = {"side"};
  const std::vector<std::string> sets = with_common_sets(args.sets, args.replications, args.seed, args.strategies);
  std::vector<std::string> argv{"spoolsim", "compare"};
  if (!args.presets.empty()) {
    if (args.presets.size() != 2 || args.files.size() > 1)
      throw scenarios::ScenarioError("spoolsim compare: give two --preset NAME and at most one SCENARIO, or two "
                                     "SCENARIO files");
    for (const std::string& preset : args.presets) {
      PointSpec p;
      p.scenario = args.files.empty() ? "" : args.files.front();
      p.sets = sets;
      p.sets.push_back("server.preset=" + preset);
      p.values = {preset};
      plan.points.push_back(p);
    }
    argv.insert(argv.end(), args.files.begin(), args.files.end());
    for (const std::string& preset : args.presets) argv.insert(argv.end(), {"--preset", preset});
  } else {
    if (args.files.size() != 2)
      throw scenarios::ScenarioError("spoolsim compare: give two SCENARIO files, or --preset A --preset B");
    if (args.files[0] == args.files[1])
      throw scenarios::ScenarioError("spoolsim compare: A and B are the same file (" + args.files[0] + ")");
    for (const std::string& file : args.files) {
      PointSpec p;
      p.scenario = file;
      p.sets = sets;
      p.values = {file};
      plan.points.push_back(p);
    }
    argv.insert(argv.end(), args.files.begin(), args.files.end());
  }
  if (plan.points[0].values == plan.points[1].values)
    throw scenarios::ScenarioError("spoolsim compare: A and B are the same preset (" + plan.points[0].values[0] + ")");
  for (std::size_t i = 0; i < 2; ++i) plan.points[i].axis_index = {i};
  for (const std::string& s : sets) argv.insert(argv.end(), {"--set", s});
  std::vector<const char*> raw;
  for (const std::string& s : argv) raw.push_back(s.c_str());
  plan.command = shell_quoted(static_cast<int>(raw.size()), raw.data());
  args.run.command = "spoolsim compare";
  execute_plan(plan, args.run);
}

void setup_compare(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare two configurations (two scenario files, or --preset A --preset B on one scenario) on the "
                 "same users and messages: paired differences per strategy and for each side's release, a verdict");
  cmd->add_option("SCENARIO", args->files, "A and B (two files), or one scenario for --preset A --preset B "
                                           "(default: the built-in default)")
      ->expected(0, 2);
  cmd->add_option("--preset", args->presets, "A server preset (twice: A, then B), set as server.preset")
      ->allow_extra_args(false);
  cmd->add_option("--set", args->sets, "Override a scenario field on both sides: path=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--replications", args->replications, "Replications (overrides the scenarios)")
      ->check(CLI::Range(1u, 100000u));
  cmd->add_option("--seed", args->seed, "Random seed of both sides (overrides the scenarios)");
  cmd->add_option("--strategies", args->strategies, "Comma-separated strategies (overrides the scenarios)")
      ->delimiter(',')
      ->allow_extra_args(false);
  add_execute_options(cmd, args->run);
  add_force_option(cmd, args->run.force);
  cmd->callback([args] { compare(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(16, setup_compare)

}  // namespace spoolsim::cli

// `spoolsim sweep SCENARIO --vary PATH=V1,V2,... [--vary ...] [--zip]`
// (issue 17 item 1): every point of the grid runs every strategy on the same
// seeds; one table, CSV or JSON with a row per point x strategy and paired
// differences between points. Under mpirun the tasks spread over the ranks;
// with --shard I/N one share of them goes into a shard file for `merge`.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <optional>

#include "cli/command.hpp"
#include "cli/report.hpp"
#include "cli/size_check.hpp"
#include "cli/sweep.hpp"

namespace spoolsim::cli {
namespace {

struct SweepArgs {
  std::string scenario;
  std::vector<std::string> varies;
  bool zip = false;
  std::vector<std::string> sets;
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> strategies;
  ExecuteOptions run;
};

// The command without how it was run (--out, --threads, --shard, --format):
// the same sweep gives the same JSON whether it ran whole, on MPI or in shards.
std::string canonical(const SweepArgs& a, const std::vector<std::string>& sets) {
  std::vector<std::string> argv{"spoolsim", "sweep"};
  if (!a.scenario.empty()) argv.push_back(a.scenario);
  for (const std::string& v : a.varies) argv.insert(argv.end(), {"--vary", v});
  if (a.zip) argv.emplace_back("--zip");
  for (const std::string& s : sets) argv.insert(argv.end(), {"--set", s});
  std::vector<const char*> raw;
  for (const std::string& s : argv) raw.push_back(s.c_str());
  return shell_quoted(static_cast<int>(raw.size()), raw.data());
}

void sweep(SweepArgs& args) {
  Plan plan;
  plan.kind = "sweep";
  plan.zip = args.zip;
  std::vector<Vary> varies;
  for (const std::string& v : args.varies) {
    varies.push_back(parse_vary(v));
    plan.labels.push_back(varies.back().path);
  }
  const std::vector<std::string> sets = with_common_sets(args.sets, args.replications, args.seed, args.strategies);
  plan.points = expand_points(args.scenario, sets, varies, args.zip);
  plan.command = canonical(args, sets);
  args.run.command = "spoolsim sweep";
  execute_plan(plan, args.run);
}

void setup_sweep(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Run a scenario over a grid of values (--vary PATH=V1,V2,...); every point on the same seeds, paired "
               "differences between points (mpirun -np N spreads it; --shard I/N and `merge` for job arrays)");
  cmd->add_option("SCENARIO", args->scenario, "Scenario file (.textproto or .json); default: the built-in default");
  cmd->add_option("--vary", args->varies,
                  "PATH=V1,V2,...: a field as --set takes it and its values (repeatable; a full grid, first --vary "
                  "slowest)")
      ->required()
      ->allow_extra_args(false);
  cmd->add_flag("--zip", args->zip, "Pair the i-th values of every --vary instead of the full grid (lists of one length)");
  cmd->add_option("--set", args->sets, "Override a scenario field on every point: path=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--replications", args->replications, "Replications per point (overrides the scenario)")
      ->check(CLI::Range(1u, 100000u));
  cmd->add_option("--seed", args->seed, "Random seed of every point (overrides the scenario)");
  cmd->add_option("--strategies", args->strategies, "Comma-separated strategies (overrides the scenario)")
      ->delimiter(',')
      ->allow_extra_args(false);
  add_execute_options(cmd, args->run);
  cmd->add_option("--shard", args->run.shard,
                  "Run only share I of N (tasks t with t % N == I) and write a shard file (JSON) for `spoolsim merge`")
      ->type_name("I/N");
  add_force_option(cmd, args->run.force);
  cmd->callback([args] { sweep(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(15, setup_sweep)

}  // namespace spoolsim::cli

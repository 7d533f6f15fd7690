// `spoolsim explain [SCENARIO] [--set ...]`: the fully resolved scenario
// (presets applied, defaults filled in) as textproto, each value with its
// origin. What a preset or default chose is a comment, so the output is itself
// a valid scenario file that resolves to the same SHA-256, and changing its
// server preset changes what that preset decides (issue 14 item 4).
#include <algorithm>
#include <iostream>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/terminal_text.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/resource_estimate.hpp"

namespace spoolsim::cli {
namespace {

struct ExplainArgs {
  std::string scenario;
  std::vector<std::string> sets;
  unsigned threads = 0;  // 0: this machine's cores
};

void explain(const ExplainArgs& args) {
  const scenarios::LoadedScenario loaded = args.scenario.empty()
                                               ? scenarios::load_default_scenario(args.sets)
                                               : scenarios::load_scenario_file(args.scenario, args.sets);
  std::cout << "# Resolved from " << printable(loaded.source) << "\n# sha256 " << loaded.sha256 << "\n";
  for (const std::string& line : loaded.preset_sources) std::cout << "# " << printable(line) << "\n";
  std::cout << "# Assumptions to check (a default or preset, not stated for this server, are marked *):\n";
  for (const scenarios::Assumption& a : scenarios::assumptions(loaded)) {
    std::cout << "# " << (a.check ? "* " : "  ") << printable(a.topic) << ": " << printable(a.value) << " ["
              << printable(a.origin) << "]\n";
  }
  // The size check's estimate (issue 16, docs/sizing.md), on --threads or this machine's cores.
  const unsigned threads = args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  const scenarios::ResourceEstimate size = scenarios::estimate_run(loaded.scenario, threads);
  std::string where;
  const std::uint64_t available = scenarios::available_memory_bytes(&where);
  std::cout << "# Size estimate: " << scenarios::describe(size) << " for " << size.basis << "; "
            << (available > 0 ? scenarios::human_bytes(static_cast<double>(available)) + " available (" + where + ")"
                              : std::string("available memory unknown"))
            << "\n";
  // The same in full precision, with the time model's inputs, for
  // scripts/measure-size-estimate (one line, key=value).
  const scenarios::Workload w = scenarios::workload(loaded.scenario);
  std::cout << fmt::format(
      "# Size estimate in numbers: peak_bytes={:.0f} cpu_seconds={:.4g} wall_seconds={:.4g} threads={} "
      "parallel_runs={} replications={:.0f} users={:.0f} devices={:.6g} roster_entries={:.6g} messages={:.6g} sessions={:.6g} "
      "strategies={:.0f} archiving_share={:.4g} messages_per_day={:.6g} offline_share={:.4g} offline_days={:.4g} "
      "working_set_bytes={:.0f} cache_bytes={:.0f} slowdown={:.4g}\n",
      size.peak_bytes, size.cpu_seconds, size.wall_seconds, size.threads, size.parallel_runs, size.runs, w.users,
      w.devices, w.roster_entries, w.messages, w.sessions, w.strategies, scenarios::archiving_share(loaded.scenario), w.messages_per_day, w.offline_share, w.offline_days,
      size.working_set_bytes, size.cache_bytes, size.slowdown);
  std::cout << "# Each value ends with its origin; lines starting \"# name:\" are what a preset or a\n"
               "# default chose (uncomment one to fix it in this file).\n";
  std::cout << loaded.explained_textproto;
  if (!loaded.explained_textproto.empty() && loaded.explained_textproto.back() != '\n') std::cout << '\n';
}

void setup_explain(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand("explain", "Print the resolved scenario (presets and defaults applied) as textproto");
  cmd->add_option("SCENARIO", args->scenario, "Scenario file (- reads standard input); default: the built-in default");
  cmd->add_option("--set", args->sets, "Override a scenario field: path=value (repeatable)")->allow_extra_args(false);
  cmd->add_option("--threads", args->threads, "Threads the size estimate assumes (default: all cores)")
      ->check(CLI::Range(1u, 4096u));
  cmd->callback([args] { explain(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(50, setup_explain)

}  // namespace spoolsim::cli

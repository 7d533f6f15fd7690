// `spoolsim run`: loads a scenario, runs every strategy on the same world and
// prints the report (issue 5). Output is built in memory and written only
// after the run succeeded, so a failure leaves stdout empty and no --out file.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "calibrate/export.hpp"
#include "cli/command.hpp"
#include "cli/terminal_text.hpp"
#include "cli/progress.hpp"
#include "cli/report.hpp"
#include "cli/report_csv.hpp"
#include "cli/report_html.hpp"
#include "cli/report_json.hpp"
#include "cli/report_table.hpp"
#include "cli/size_check.hpp"
#include "models/simulation.hpp"
#include "replay/spool_trace_file.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

struct RunArgs {
  std::string scenario;  // empty: the built-in default
  std::optional<std::uint32_t> replications;
  std::string seed;  // checked like the file's seed field (check_seed)
  bool seed_given = false;
  std::uint32_t threads = 0;
  std::vector<std::string> strategies;
  std::vector<std::string> sets;
  std::string format = "table";
  std::string out;
  std::string spool_trace;
  std::string html;  // --report FILE
  std::string export_sessions;  // replication 0's sessions as the calibrate CSV
  std::string export_archive;   // and its messages as ejabberd's archive (SQLite)
  bool force = false;
};

[[noreturn]] void bad_input(const std::string& message) {
  std::cerr << "spoolsim run: " << message << "\n";
  throw Exit{kExitBadInput};
}

// For --help: the strategy table's names. --strategies values are checked by
// the scenario loader like any other `strategies` list (one parser, one hint).
std::string allowed_strategies() {
  std::string names;
  for (const models::StrategyInfo& s : models::enum_table(models::StrategyKind{}).entries) {
    if (!names.empty()) names += ", ";
    names += s.name;
  }
  return names;
}

// Fail before a long run, not after it, when --out cannot be written.
void check_output_path(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (fs::exists(status) && !fs::is_directory(status)) {
    bad_input(fmt::format("--out {}: {} is not a folder", printable(path), printable(dir.string())));
  }
  if (!fs::is_directory(status)) {
    bad_input(fmt::format("--out {}: folder {} does not exist", printable(path), printable(dir.string())));
  }
  if (::access(dir.c_str(), W_OK) != 0) bad_input(fmt::format("--out {}: folder {} is not writable", printable(path), printable(dir.string())));
  if (fs::is_directory(path, ec)) bad_input(fmt::format("--out {}: is a folder", printable(path)));
}

// --seed, --replications and --strategies become --set overrides, applied
// last, so the scenario's SHA-256 and `explain` cover them.
std::vector<std::string> run_sets(const RunArgs& args) {
  std::vector<std::string> sets = args.sets;
  if (!args.seed.empty()) sets.push_back(fmt::format("seed={}", args.seed));
  if (args.replications) sets.push_back(fmt::format("replications={}", *args.replications));
  if (!args.strategies.empty()) sets.push_back(fmt::format("strategies={}", fmt::join(args.strategies, ",")));
  return sets;
}

scenarios::LoadedScenario load(const RunArgs& args) {
  const std::vector<std::string> sets = run_sets(args);
  return args.scenario.empty() ? scenarios::load_default_scenario(sets)
                               : scenarios::load_scenario_file(args.scenario, sets);
}

// --seed takes what the file's `seed` field takes: a whole number from 0 to
// 2^64-1, no sign, no wrap-around (CLI11 read "-1" as 2^64-1, issue 16).
void check_seed(const std::string& text) {
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    bad_input(fmt::format("--seed {}: too large; allowed: a whole number from 0 to 18446744073709551615", printable(text)));
  }
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    bad_input(fmt::format("--seed {}: not a whole number; allowed: 0 to 18446744073709551615", printable(text)));
  }
}

void run(const RunArgs& args) {
  if (!args.seed.empty() || args.seed_given) check_seed(args.seed);
  if (!args.out.empty()) check_output_path(args.out);
  if (!args.html.empty()) check_output_path(args.html);
  const scenarios::LoadedScenario loaded = load(args);
  const models::Scenario& scenario = loaded.scenario;

  models::RunOptions options;
  options.threads = args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  std::unique_ptr<ProgressBar> progress;
  if (stderr_is_terminal()) {
    progress = std::make_unique<ProgressBar>(scenario.replications, stderr);
    options.observer = progress.get();
  }
  std::unique_ptr<models::SpoolTraceSink> trace;
  if (!args.spool_trace.empty()) {
    try {
      trace = models::open_spool_trace(args.spool_trace);
    } catch (const std::runtime_error& e) {
      bad_input(fmt::format("--spool-trace {}: {}", args.spool_trace, e.what()));
    }
    options.spool_trace = trace.get();
    // One thread: records then land in the same order on every run.
    options.threads = 1;
  }
  check_size("run", scenarios::estimate_run(scenario, options.threads), args.force);

  const models::RunResult result = models::run(scenario, options);
  if (!args.export_sessions.empty() || !args.export_archive.empty()) {
    // The world again for replication 0 (R1.4: the same as the run's), so
    // the run itself carries no export hook.
    try {
      calibrate::export_world(scenario, args.export_sessions, args.export_archive);
    } catch (const std::runtime_error& e) {
      bad_input(fmt::format("--export-sessions/--export-archive: {}", e.what()));
    }
  }
  if (progress) progress->finish();
  if (auto* dir = dynamic_cast<models::SpoolTraceDirectory*>(trace.get())) {
    try {
      dir->close();
    } catch (const std::runtime_error& e) {
      bad_input(fmt::format("--spool-trace {}: {}", args.spool_trace, e.what()));
    }
  }

  RunInfo info;
  info.scenario = scenario.name;
  info.scenario_source = loaded.source;
  info.scenario_sha256 = loaded.sha256;
  info.seed = scenario.seed;
  info.replications = scenario.replications;
  info.days = sim::to_days(scenario.horizon);
  info.warmup_days = sim::to_days(scenario.warmup);
  info.drain_days = sim::to_days(scenario.drain);
  info.sets = run_sets(args);
  info.server_preset = scenario.server.preset;
  info.currency = scenario.prices.currency;
  info.release_strategy = scenario.server.bind2_offline_strategy;
  info.command_line = command_line();
  info.assumptions = scenarios::assumptions(loaded);
  const Report report = make_report(std::move(info), result);
  if (!args.html.empty()) {  // the page is drawn from the JSON report
    try {
      write_html_report(args.html, report_json(report), "spoolsim run");
    } catch (const std::runtime_error& e) {
      bad_input(fmt::format("--report {}", e.what()));
    }
  }
  const std::string text = args.format == "json"  ? format_json(report)
                           : args.format == "csv" ? format_csv(report)
                                                  : format_table(report);
  if (args.out.empty()) {
    std::cout << text << std::flush;  // checked once more in run_command_line
    if (!std::cout) throw Exit{kExitBadInput};  // run_command_line says why
    return;
  }
  try {
    write_file_atomically(args.out, text);
  } catch (const std::runtime_error& e) {
    bad_input(fmt::format("--out {}", e.what()));
  }
}

void setup_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run every strategy of a scenario on the same users and messages; "
                                            "print loss, latency, storage and cost per strategy");
  cmd->add_option("SCENARIO", args->scenario, "Scenario file (.textproto or .json; - reads standard input); default: the built-in default");
  cmd->add_option("--replications", args->replications, "Independent replications (overrides the scenario)")
      ->check(CLI::Range(1u, 100000u));
  cmd->add_option("--seed", args->seed, "Random seed, 0 to 18446744073709551615 (overrides the scenario)")
      ->each([args](const std::string&) { args->seed_given = true; });
  cmd->add_option("--threads", args->threads, "Worker threads (default: hardware concurrency); replications run in parallel, threads beyond "
                  "them share each replication's strategies; results do not depend on it")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--strategies", args->strategies,
                  "Comma-separated strategies to compare, in report order (overrides the scenario): " +
                      allowed_strategies())
      ->delimiter(',')
      ->allow_extra_args(false);
  cmd->add_option("--set", args->sets, "Override a scenario field: path=value (repeatable), e.g. population.users=500")
      ->allow_extra_args(false);
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->default_str("table");
  cmd->add_option("--out", args->out, "Write the report to FILE (atomically) instead of stdout");
  cmd->add_option("--report", args->html, "Also write the self-contained HTML report to FILE (docs/report.md)");
  cmd->add_option("--spool-trace", args->spool_trace, "Record every spool operation into DIR, one file per strategy, for `spoolsim replay-spool` "
                  "(runs on one thread)");
  cmd->add_option("--export-sessions", args->export_sessions,
                  "Write replication 0's device sessions to FILE.csv (the `spoolsim calibrate` CSV)");
  cmd->add_option("--export-archive", args->export_archive,
                  "Write replication 0's messages to FILE.sqlite in ejabberd's archive and rosterusers schema");
  add_force_option(cmd, args->force);
  cmd->callback([args] { run(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(10, setup_run)

}  // namespace spoolsim::cli

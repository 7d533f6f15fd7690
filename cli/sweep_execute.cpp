// Running a loaded plan on threads, on MPI ranks or as one shard, and
// writing what comes out. The output is built in memory and written only
// when every task succeeded, so a failure leaves no partial file.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/report.hpp"
#include "cli/report_html.hpp"
#include "cli/size_check.hpp"
#include "cli/sweep.hpp"

#include <CLI/CLI.hpp>

namespace spoolsim::cli {
namespace {

// Ends MPI on every path out of execute_plan once it was started.
struct MpiSession {
  bool active = false;
  ~MpiSession() {
    if (active) mpi_finish();
  }
};

void emit(const ExecuteOptions& o, const std::string& text) {
  if (o.out.empty()) {
    std::cout << text << std::flush;
    return;
  }
  try {
    write_file_atomically(o.out, text);
  } catch (const std::runtime_error& e) {
    throw scenarios::ScenarioError(std::string("--out ") + e.what());
  }
}

}  // namespace

void add_execute_options(CLI::App* cmd, ExecuteOptions& options) {
  cmd->add_option("--threads", options.threads, "Worker threads (default: hardware concurrency); results do not depend on it")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--format", options.format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->default_str("table");
  cmd->add_option("--out", options.out, "Write the result to FILE (atomically) instead of stdout");
  cmd->add_option("--report", options.report, "Also write the self-contained HTML report to FILE (docs/report.md)");
}

void check_out_path(const char* command, const std::string& path) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  const std::string what = fmt::format("{} --out {}: ", command, path);
  if (!fs::is_directory(dir, ec)) throw scenarios::ScenarioError(what + "folder " + dir.string() + " does not exist");
  if (::access(dir.c_str(), W_OK) != 0) throw scenarios::ScenarioError(what + "folder " + dir.string() + " is not writable");
  if (fs::is_directory(path, ec)) throw scenarios::ScenarioError(what + "is a folder");
}

std::vector<std::string> with_common_sets(std::vector<std::string> sets, const std::optional<std::uint32_t>& replications,
                                          const std::optional<std::uint64_t>& seed,
                                          const std::vector<std::string>& strategies) {
  if (seed) sets.push_back(fmt::format("seed={}", *seed));
  if (replications) sets.push_back(fmt::format("replications={}", *replications));
  if (!strategies.empty()) sets.push_back(fmt::format("strategies={}", fmt::join(strategies, ",")));
  return sets;
}

namespace {

// The size check (issue 16): every point's replications as one pool of
// tasks; a shard runs its share of them.
void check_plan_size(const Plan& plan, const ExecuteOptions& o, std::uint32_t threads) {
  std::vector<const models::Scenario*> points;
  for (const scenarios::LoadedScenario& l : plan.loaded) points.push_back(&l.scenario);
  scenarios::ResourceEstimate e = scenarios::estimate_points(points, plan.replications, threads);
  if (!o.shard.empty()) {
    const Shard shard = parse_shard(o.shard);
    e.cpu_seconds /= shard.count;
    e.wall_seconds /= shard.count;
  }
  std::string command = o.command;
  if (command.rfind("spoolsim ", 0) == 0) command.erase(0, 9);
  check_size(command, e, o.force);
}

}  // namespace

void execute_plan(Plan& plan, const ExecuteOptions& o) {
  if (!o.out.empty()) check_out_path(o.command, o.out);
  if (!o.report.empty()) check_out_path(o.command, o.report);
  if (!o.report.empty() && !o.shard.empty())
    throw scenarios::ScenarioError(std::string(o.command) + ": --report needs the whole result; write it from the "
                                   "merged shards (spoolsim merge ... --format json, then spoolsim report)");
  const std::uint32_t threads = o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  const bool mpi = launched_by_mpi();
  if (mpi && !mpi_available())
    throw scenarios::ScenarioError(std::string(o.command) +
                                   ": started by mpirun, but this spoolsim was built without MPI (install "
                                   "libopenmpi-dev, scripts/install-deps, and rebuild); every rank would run the "
                                   "whole plan");
  if (mpi && !o.shard.empty())
    throw scenarios::ScenarioError(std::string(o.command) + ": --shard and mpirun are two ways to split a sweep; use one");
  load_points(plan);
  check_plan_size(plan, o, threads);

  if (!o.shard.empty()) {
    const Shard shard = parse_shard(o.shard);
    std::vector<std::size_t> mine;
    for (std::size_t t = shard.index; t < plan.tasks(); t += shard.count) mine.push_back(t);
    SweepProgress progress(mine.size(), o.command);
    const std::vector<ordered_json> records = run_tasks(plan, mine, threads, [&] { progress.task_done(); });
    progress.finish();
    emit(o, shard_document(plan, shard, mine, records).dump(2) + "\n");
    return;
  }

  std::vector<ordered_json> records;
  MpiSession session;
  if (mpi) {
    session.active = true;
    if (!run_tasks_mpi(plan, threads, records)) return;  // a worker rank: rank 0 writes
  } else {
    std::vector<std::size_t> all(plan.tasks());
    for (std::size_t t = 0; t < all.size(); ++t) all[t] = t;
    SweepProgress progress(all.size(), o.command);
    records = run_tasks(plan, all, threads, [&] { progress.task_done(); });
    progress.finish();
  }
  const ordered_json result = assemble(plan.header(), records);
  if (!o.report.empty()) {  // drawn from the JSON the command prints with --format json
    try {
      write_html_report(o.report, result, o.command);
    } catch (const std::runtime_error& e) {
      throw scenarios::ScenarioError(std::string("--report ") + e.what());
    }
  }
  emit(o, format_sweep(result, o.format));
}

}  // namespace spoolsim::cli

// Sweeps and comparisons (issue 17): a plan of points (one scenario each,
// with the varied values as --set overrides), a task per (point,
// replication), one record per task, and a result assembled from the
// records in (point, replication) order. Every way of running the tasks
// (threads, MPI ranks, shards + merge) hands the same records to the same
// assembly, so the JSON is byte-identical however it was computed.
// Every point keeps the scenario's seed: replication r of every point sees
// the same users and messages (common random numbers), so points are paired.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace spoolsim::cli {

using nlohmann::ordered_json;

struct Vary {          // --vary PATH=V1,V2,...
  std::string path;    // as --set takes it
  std::vector<std::string> values;
};

// Throws scenarios::ScenarioError for a malformed --vary.
Vary parse_vary(const std::string& text);

struct PointSpec {
  std::string scenario;           // file, or "" for the built-in default
  std::vector<std::string> sets;  // base --set overrides, then the point's own
  std::vector<std::string> values;  // the point's value per varied path (sweep), or its label (compare)
  std::vector<std::size_t> axis_index;  // sweep: the value's index per --vary
};

struct Plan {
  std::string kind;               // "sweep" or "compare"
  std::vector<std::string> labels;  // sweep: the varied paths; compare: "side"
  bool zip = false;
  std::vector<PointSpec> points;
  std::vector<scenarios::LoadedScenario> loaded;  // one per point
  std::string command;            // canonical command line (no --out, --shard, --threads)
  std::uint32_t replications = 0;

  std::size_t tasks() const { return points.size() * replications; }
  std::size_t point_of(std::size_t task) const { return task / replications; }
  std::uint32_t replication_of(std::size_t task) const {
    return static_cast<std::uint32_t>(task % replications);
  }
  // What the result says about the plan and its points; shards carry it so
  // merge can check they belong together and assemble without the files.
  ordered_json header() const;
};

// A full grid (first --vary slowest) or, with zip, the i-th value of every list.
std::vector<PointSpec> expand_points(const std::string& scenario, const std::vector<std::string>& sets,
                                     const std::vector<Vary>& varies, bool zip);
// Loads every point; all must agree on seed, replications and strategies
// (else they would not be paired). Throws scenarios::ScenarioError.
void load_points(Plan& plan);

// Runs one task; the record holds what the result needs, as JSON.
ordered_json run_task(const Plan& plan, std::size_t task);
// Runs `tasks` on `threads` threads; records come back in the order asked.
// `done` is called (under a lock) after each task, for progress.
std::vector<ordered_json> run_tasks(const Plan& plan, const std::vector<std::size_t>& tasks, std::uint32_t threads,
                                    const std::function<void()>& done = {});

// The result from the header and one record per task, in task order.
// Throws std::runtime_error when a record is missing or malformed.
ordered_json assemble(const ordered_json& header, const std::vector<ordered_json>& records);

std::string format_sweep_table(const ordered_json& result);
std::string format_sweep_csv(const ordered_json& result);
std::string format_sweep(const ordered_json& result, const std::string& format);  // table, csv, json

// Shards (--shard I/N): task t belongs to shard t % N.
struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};
Shard parse_shard(const std::string& text);  // "I/N"; throws scenarios::ScenarioError
ordered_json shard_document(const Plan& plan, const Shard& shard, const std::vector<std::size_t>& tasks,
                            const std::vector<ordered_json>& records);
// Checks the shards belong to one plan and cover every task exactly once;
// throws std::runtime_error naming the file at fault.
ordered_json merge_shards(const std::vector<std::string>& names, const std::vector<ordered_json>& shards);

// Terminal-only progress with the time left ("sweep: 12/40 tasks, 3m10s left").
class SweepProgress {
 public:
  SweepProgress(std::size_t total, const char* what);
  void task_done();
  void finish();

 private:
  std::size_t total_;
  std::size_t done_ = 0;
  const char* what_;
  double start_s_;
  bool enabled_;
};

// The MPI task farm (sweep_mpi.cpp). launched_by_mpi() reads the launcher's
// environment, so a plain run never initialises MPI.
bool mpi_available();
bool launched_by_mpi();
// Rank 0 gets every record in task order and returns true; other ranks
// return false once the farm is done. A failing rank aborts the job.
bool run_tasks_mpi(const Plan& plan, std::uint32_t threads, std::vector<ordered_json>& records);
void mpi_finish();

}  // namespace spoolsim::cli

namespace spoolsim::cli {

// What sweep and compare share after parsing: how to run the plan and where
// the output goes. Prints the result (or writes --out atomically); only MPI
// rank 0 prints. Throws scenarios::ScenarioError for bad input.
struct ExecuteOptions {
  const char* command = "sweep";   // for messages
  std::uint32_t threads = 0;       // 0: hardware concurrency
  std::string format = "table";
  std::string out;
  std::string shard;               // "I/N", or "" for the whole plan
  std::string report;              // --report FILE: the HTML report, or ""
  bool force = false;              // --force: past the memory check (cli/size_check.hpp)
};
void execute_plan(Plan& plan, const ExecuteOptions& options);
// --threads, --format, --out and --report, as sweep and compare both take them.
void add_execute_options(CLI::App* cmd, ExecuteOptions& options);

// Fails before a long run when --out cannot be written (ScenarioError).
void check_out_path(const char* command, const std::string& path);
// --seed, --replications and --strategies as --set overrides (as `run` does).
std::vector<std::string> with_common_sets(std::vector<std::string> sets, const std::optional<std::uint32_t>& replications,
                                          const std::optional<std::uint64_t>& seed,
                                          const std::vector<std::string>& strategies);

}  // namespace spoolsim::cli

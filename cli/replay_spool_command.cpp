// `spoolsim replay-spool TRACE --backend memory|sqlite[:PATH]|postgres[:CONNINFO]`:
// replays recorded spool operations against a real store and reports
// throughput per kind, latency quantiles and the final database size.
#include <fmt/core.h>

#include <cstdio>
#include <memory>

#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "replay/spool_replay.hpp"
#include "report/human_format.hpp"
#include "sim/time.hpp"

namespace spoolsim::cli {
namespace {

struct ReplaySpoolArgs {
  std::string trace;
  std::string backend = "memory";
  double speed = 0.0;
  std::uint64_t batch = 0;
  std::string expire_ttl;
};

[[noreturn]] void fail(int status, const std::string& message) {
  std::fflush(stdout);
  fmt::print(stderr, "spoolsim replay-spool: {}\n", message);
  throw Exit{status};
}

void print_report(const models::ReplayReport& r) {
  fmt::print("backend: {}\n", r.backend);
  for (const auto& f : r.files)
    fmt::print("trace:   {} ({}, {} records, {} replication{})\n", f.path, models::to_string(f.strategy), f.records,
               f.replications, f.replications == 1 ? "" : "s");
  fmt::print("\n{:<16} {:>12} {:>12} {:>14} {:>10} {:>10}\n", "operation", "count", "rows", "ops/s", "p50", "p99");
  auto row = [](const char* name, const models::ReplayKindStats& s) {
    fmt::print("{:<16} {:>12} {:>12} {:>14.0f} {:>10} {:>10}\n", name, s.ops, s.rows, s.ops_per_second(),
               report::human_nanoseconds(s.latency.quantile(0.50)),
               report::human_nanoseconds(s.latency.quantile(0.99)));
  };
  for (int k = 0; k < models::kReplayKindCount; ++k) {
    if (k == static_cast<int>(models::StoreOp::CatchupRead)) continue;  // not a spool statement
    row(models::replay_kind_name(k), r.by_kind[static_cast<std::size_t>(k)]);
  }
  row("all", r.all);
  fmt::print("\nwall time: {:.3f} s ({:.0f} operations/s overall)\n", r.wall_seconds,
             r.wall_seconds > 0 ? static_cast<double>(r.all.ops) / r.wall_seconds : 0.0);
  if (r.skipped) fmt::print("skipped:   {} catchup_read records (archive reads, not spool statements)\n", r.skipped);
  fmt::print("final:     {} rows, database size {}\n", r.final_rows, report::human_bytes(r.final_size_bytes));
}

void replay(const ReplaySpoolArgs& args) {
  models::ReplayOptions options;
  options.speed = args.speed;
  options.batch = args.batch;
  if (!args.expire_ttl.empty()) {
    try {
      options.expire_ttl = sim::parse_duration(args.expire_ttl);
    } catch (const sim::DurationError& e) {
      fail(kExitBadInput, std::string("--expire-ttl: ") + e.what());
    }
  }
  std::vector<std::string> files;
  try {
    files = models::list_spool_traces(args.trace);
  } catch (const models::SpoolTraceError& e) {
    fail(kExitBadInput, e.what());
  }
  std::unique_ptr<models::SpoolBackend> backend;
  try {
    backend = models::open_spool_backend(args.backend);
  } catch (const models::SpoolBackendError& e) {
    fail(kExitBadInput, std::string("--backend: ") + e.what());
  }
  bool drawn = false;
  if (stderr_is_terminal()) {
    options.progress = [&drawn](double f) {
      const int width = 40;
      const int filled = static_cast<int>(f * width);
      fmt::print(stderr, "\r[{}{}] {:3.0f}%", std::string(static_cast<std::size_t>(filled), '#'),
                 std::string(static_cast<std::size_t>(width - filled), ' '), f * 100);
      std::fflush(stderr);
      drawn = true;
    };
  }
  auto erase_bar = [&drawn] {
    if (drawn) fmt::print(stderr, "\r{:60}\r", "");
    drawn = false;
  };
  models::ReplayReport report;
  try {
    report = models::replay_spool(files, *backend, options);
  } catch (const models::SpoolTraceError& e) {
    erase_bar();
    fail(kExitBadInput, e.what());
  } catch (const models::SpoolBackendError& e) {
    erase_bar();
    fail(kExitInternal, std::string("backend failed: ") + e.what());
  }
  erase_bar();
  print_report(report);
}

void setup_replay_spool(CLI::App& app) {
  auto args = std::make_shared<ReplaySpoolArgs>();
  CLI::App* cmd = app.add_subcommand(
      "replay-spool",
      "Replay a spool trace (from run --spool-trace) against a real store; report ops/s, latency and size");
  cmd->add_option("TRACE", args->trace, "A .spooltrace file, or a directory of them (one per strategy)")->required();
  cmd->add_option("--backend", args->backend,
                  "memory | sqlite (in memory) | sqlite:PATH | postgres (throwaway local cluster) | "
                  "postgres:CONNINFO")
      ->capture_default_str();
  cmd->add_option("--speed", args->speed,
                  "Pace the replay at simulated time x FACTOR (default: as fast as the backend allows)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--batch", args->batch, "Operations per transaction (default: one transaction per operation)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--expire-ttl", args->expire_ttl,
                  "Every simulated midnight, delete rows older than this (ejabberd delete_old_messages), e.g. 30d");
  cmd->callback([args] { replay(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(60, setup_replay_spool)

}  // namespace spoolsim::cli

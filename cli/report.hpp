// What every report says about the run that produced it (style anchor 9:
// scenario hash, seed, version), and writing a report file atomically.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/build_info.hpp"
#include "models/outcomes/results.hpp"
#include "models/outcomes/summary.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {

struct RunInfo {
  std::string scenario;         // Scenario::name
  std::string scenario_source;  // file path or "<built-in default>"
  std::string scenario_sha256;  // of the resolved textproto
  std::uint64_t seed = 0;
  std::uint32_t replications = 0;
  double days = 0.0;            // horizon in days
  double warmup_days = 0.0;     // R1.5: counted messages are sent in
  double drain_days = 0.0;      // [warmup, horizon - drain)
  std::vector<std::string> sets;  // the --set overrides (and --seed, ...) the run was given
  std::string server_preset;    // ServerConfig::preset, "" without one
  std::string currency;         // Prices::currency, "" when the scenario names none
  std::optional<models::StrategyKind> release_strategy;  // what that release runs (R5)
  std::string version = kVersion;
  std::string git_revision = kGitRevision;
  std::string command_line;     // argv, shell-quoted
  std::vector<scenarios::Assumption> assumptions;  // what an operator should check (issue 14)
};

// A finished run, ready to format.
struct Report {
  RunInfo info;
  const models::RunResult* result = nullptr;
  models::RunSummary summary;
};

Report make_report(RunInfo info, const models::RunResult& result);

// argv joined with spaces, each argument quoted for a POSIX shell when needed.
std::string shell_quoted(int argc, const char* const* argv);

// The process's command line (set once by main), for RunInfo::command_line.
void set_command_line(std::string line);
const std::string& command_line();

// The fingerprint as 16 lower-case hex digits.
std::string hex64(std::uint64_t value);

// Writes `content` to `path` through a temporary file in the same folder and a
// rename, so a reader never sees a partial file; a path that exists and is
// not a regular file (a device such as /dev/null, a FIFO) is written in
// place. Throws std::runtime_error with the path and the system's reason.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace spoolsim::cli

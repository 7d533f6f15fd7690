// Command-line arguments of spoolsim-dashboard (also reached as
// `spoolsim dashboard ...`, which passes its arguments through unchanged).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace spoolsim::viz {

struct DashboardOptions {
  std::string scenario_path;      // empty: the built-in default scenario
  std::vector<std::string> sets;  // "path=value", in order (--seed/--replications become sets)
  int delay_ms = 0;               // pause after each sample; 0 = full speed
  bool start_paused = false;
  std::uint64_t frames = 0;       // 0 = until the window is closed
  std::string screenshot;         // PNG path; empty = none
  int width = 1280;
  int height = 800;
  bool force = false;             // run even when the size check refuses (docs/sizing.md)
  bool help = false;
};

// Thrown for bad arguments; what() is a message for people (exit status 2).
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

DashboardOptions parse_dashboard_args(const std::vector<std::string>& args);
std::string dashboard_usage();

}  // namespace spoolsim::viz

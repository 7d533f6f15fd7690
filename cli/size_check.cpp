// The size check's verdict and its messages (issue 16).
#include "cli/size_check.hpp"

#include <iostream>

#include "cli/command.hpp"

namespace spoolsim::cli {

SizeVerdict judge_size(const scenarios::ResourceEstimate& e, std::uint64_t available, const std::string& where,
                       bool force) {
  SizeVerdict v;
  const bool too_big = available > 0 && e.peak_bytes > static_cast<double>(available);
  if (too_big) {
    const std::string need = "the run would need " + scenarios::describe(e) + " for " + e.basis + "; " +
                             scenarios::human_bytes(static_cast<double>(available)) + " is available (" + where +
                             ")";
    if (!force) {
      v.refuse = true;
      v.message = need +
                  "; allowed: fewer users, messages per day, horizon days, strategies or replications at once "
                  "(--threads), or --force to run anyway (docs/sizing.md)";
      return v;
    }
    v.warn = true;
    v.message = "warning: --force: running although " + need;
    return v;
  }
  if (e.wall_seconds > kWarnWallSeconds) {
    v.warn = true;
    v.message = "warning: this run is estimated to take " + scenarios::human_seconds(e.wall_seconds) + " (" +
                scenarios::describe(e) + " for " + e.basis +
                "); fewer replications, users or days make it shorter (docs/sizing.md)";
  }
  return v;
}

void check_size(const std::string& command, const scenarios::ResourceEstimate& e, bool force) {
  std::string where;
  const std::uint64_t available = scenarios::available_memory_bytes(&where);
  const SizeVerdict v = judge_size(e, available, where, force);
  if (!v.message.empty()) std::cerr << "spoolsim " << command << ": " << v.message << "\n" << std::flush;
  if (v.refuse) throw Exit{kExitBadInput};
}

void add_force_option(CLI::App* cmd, bool& force) {
  cmd->add_flag("--force", force,
                "Run even when the estimated memory exceeds what this machine has available (docs/sizing.md)");
}

}  // namespace spoolsim::cli

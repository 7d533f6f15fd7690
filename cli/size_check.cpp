// The size check's verdict on stderr, and --force (issue 16).
#include "cli/size_check.hpp"

#include <iostream>

#include "cli/command.hpp"

namespace spoolsim::cli {

void check_size(const std::string& command, const scenarios::ResourceEstimate& e, bool force) {
  const SizeVerdict v = scenarios::judge_size_here(e, force);
  if (!v.message.empty()) std::cerr << "spoolsim " << command << ": " << v.message << "\n" << std::flush;
  if (v.refuse) throw Exit{kExitBadInput};
}

void add_force_option(CLI::App* cmd, bool& force) {
  cmd->add_flag("--force", force,
                "Run even when the estimated memory exceeds what this machine has available (docs/sizing.md)");
}

}  // namespace spoolsim::cli

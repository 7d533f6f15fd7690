// `spoolsim dashboard [SCENARIO] [options]`: the live dashboard (issue 8).
// The window is its own program, spoolsim-dashboard, built only when Dear
// ImGui, GLFW and OpenGL are found; this command replaces the process with
// that sibling binary and the same arguments, or says how to get it.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.hpp"

namespace spoolsim::cli {
namespace {

constexpr const char* kDashboardProgram = "spoolsim-dashboard";

std::filesystem::path sibling_dashboard() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return {};
  }
  return self.parent_path() / kDashboardProgram;
}

[[noreturn]] void launch(const std::vector<std::string>& args) {
  const std::filesystem::path program = sibling_dashboard();
  std::error_code ec;
  if (program.empty() || !std::filesystem::exists(program, ec)) {
    std::cerr << "spoolsim: the dashboard was not built"
              << (program.empty() ? std::string() : " (no " + program.string() + ")") << ".\n"
              << "It needs Dear ImGui, GLFW and OpenGL: apt-get install libimgui-dev libglfw3-dev libgl-dev\n"
              << "(and xvfb xauth to run it headless), then configure again with -DSPOOLSIM_DASHBOARD=ON\n"
              << "and build the spoolsim_dashboard target.\n";
    throw Exit{kExitBadInput};
  }
  std::vector<std::string> argv_text;
  argv_text.push_back(program.string());
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  ::execv(argv[0], argv.data());
  const int err = errno;  // execv returns only on failure
  std::cerr << "spoolsim: cannot start " << program.string() << ": " << std::strerror(err) << "\n";
  throw Exit{kExitInternal};
}

void setup_dashboard(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand(
      "dashboard",
      "Live dashboard window: every strategy side by side while the run goes "
      "([SCENARIO] [--set path=value]... [--frames N --screenshot FILE]; see `spoolsim dashboard --help`)");
  // Everything after `dashboard`, --help included, goes to spoolsim-dashboard.
  cmd->prefix_command();
  cmd->set_help_flag();
  cmd->callback([cmd] { launch(cmd->remaining()); });
}

}  // namespace

SPOOLSIM_COMMAND(80, setup_dashboard)

}  // namespace spoolsim::cli

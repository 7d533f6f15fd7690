// Sub-commands register themselves (one file each), so a new command is one
// new file in cli/. Nothing below cli/ prints or exits; commands do.
#pragma once
#include <CLI/CLI.hpp>

namespace spoolsim::cli {

// Exit statuses (issue 5): 0 success, 2 bad input (usage or scenario), 3 internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

// Thrown by a command's callback to end with a status after printing its message.
struct Exit {
  int status = kExitOk;
};

// `setup` adds a subcommand (and its callback) to the app. `order` sorts --help.
using CommandSetup = void (*)(CLI::App& app);
bool register_command(int order, CommandSetup setup);
void setup_commands(CLI::App& app);

// Parses argv and runs the chosen command; returns the exit status. Maps
// usage errors and scenario errors to kExitBadInput (message on stderr) and
// std::logic_error or anything unexpected to kExitInternal.
int run_command_line(CLI::App& app, int argc, const char* const* argv);

}  // namespace spoolsim::cli

// In a command file:  SPOOLSIM_COMMAND(30, setup_analyze)
#define SPOOLSIM_COMMAND(order, fn) \
  namespace { [[maybe_unused]] const bool registered_##fn = ::spoolsim::cli::register_command(order, fn); }

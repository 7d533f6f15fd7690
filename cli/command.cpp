// The command registry and the one place that turns exceptions into exit
// statuses (issue 5: 0 ok, 2 bad input, 3 internal error).
#include "cli/command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cli/terminal_text.hpp"
#include "models/inputs/input_file.hpp"
#include "scenarios/loader.hpp"
#include "sim/time.hpp"

namespace spoolsim::cli {
namespace {

std::vector<std::pair<int, CommandSetup>>& registry() {
  static std::vector<std::pair<int, CommandSetup>> commands;  // filled during static initialisation
  return commands;
}

}  // namespace

bool register_command(int order, CommandSetup setup) {
  registry().emplace_back(order, setup);
  return true;
}

void setup_commands(CLI::App& app) {
  auto commands = registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, setup] : commands) setup(app);
  // Every command that loads scenarios or presets reads an operator's presets
  // first: option callbacks run before the command's own callback.
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    const std::string& name = sub->get_name();
    if (name != "run" && name != "validate" && name != "explain" && name != "presets" && name != "analyze" &&
        name != "sweep" && name != "compare")
      continue;
    sub->add_option("--preset-dir",
                    "An operator's presets: DIR/servers/NAME.textproto, DIR/clients/NAME.textproto "
                    "(repeatable; a built-in preset of the same name is overridden)")
        ->type_name("DIR")
        ->allow_extra_args(false)
        ->each([](const std::string& dir) { scenarios::add_preset_dir(dir); });
  }
}

namespace {

// Why stdout failed when an earlier write, not the last flush, failed (stdio
// keeps no errno): one more byte, to an output already incomplete, fails again
// with the reason (ENOSPC on a full disk, EPIPE on a closed pipe, EIO, ...).
// 0 when that byte went through (the failure has passed).
int stdout_failure() {
  const ssize_t n = ::write(STDOUT_FILENO, "\n", 1);
  return n < 0 ? errno : 0;
}

// Everything on stdout must have arrived: a full disk or a closed pipe is an
// error (exit 2 with the system's reason), never a silent partial report.
int checked_stdout(const std::string& program, int status) {
  std::cout.flush();
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if (flushed && std::cout.good() && std::ferror(stdout) == 0) return status;
  const int why = err != 0 ? err : stdout_failure();
  std::cerr << program << ": cannot write to standard output: " << (why != 0 ? std::strerror(why) : "write error")
            << "\n";
  std::clearerr(stdout);
  return status == kExitOk ? kExitBadInput : status;
}

int dispatch(CLI::App& app, int argc, const char* const* argv, const std::string& program);

}  // namespace

int run_command_line(CLI::App& app, int argc, const char* const* argv) {
  const std::string program = app.get_name().empty() ? "spoolsim" : app.get_name();
  // Arguments (paths, names, --set values) end up in reports; JSON needs
  // UTF-8, so a bad byte is refused now rather than after a long run.
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    if (const auto at = models::invalid_utf8_offset(arg); at != std::string_view::npos) {
      std::cerr << program << ": argument " << i << " (" << printable(arg) << ") is not valid UTF-8 at byte " << at
                << "; allowed: UTF-8 text\n";
      return kExitBadInput;
    }
  }
  return checked_stdout(program, dispatch(app, argc, argv, program));
}

namespace {

int dispatch(CLI::App& app, int argc, const char* const* argv, const std::string& program) {
  // CLI11 would only say "A subcommand is required" for a misspelt command.
  if (argc > 1 && argv[1][0] != '-' && !app.get_subcommands([](CLI::App*) { return true; }).empty()) {
    std::string names;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      known = known || sub->check_name(argv[1]);
      names += (names.empty() ? "" : ", ") + sub->get_name();
    }
    if (!known) {
      std::cerr << program << ": unknown command \"" << printable(argv[1]) << "\"; allowed: " << names << "\n"
                << "Run with --help for more information.\n";
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
    return kExitOk;
  } catch (const CLI::Success& e) {  // --help, --version
    app.exit(e, std::cout, std::cerr);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cout.flush();
    std::cerr << program << ": " << printable(e.what(), true) << "\n";
    std::cerr << "Run with --help for more information.\n";
    return kExitBadInput;
  } catch (const Exit& e) {
    return e.status;
  } catch (const scenarios::ScenarioError& e) {
    std::cerr << program << ": " << printable(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const sim::DurationError& e) {
    std::cerr << program << ": " << printable(e.what(), true) << "\n";
    return kExitBadInput;
  } catch (const std::logic_error& e) {  // the model's own checks (R10.6): "internal error: ..."
    const std::string what = e.what();
    const bool tagged = what.rfind("internal error", 0) == 0;
    std::cerr << program << ": " << (tagged ? "" : "internal error: ") << printable(what, true) << "\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    std::cerr << program << ": internal error: " << printable(e.what(), true) << "\n";
    return kExitInternal;
  }
}

}  // namespace

}  // namespace spoolsim::cli

// spoolsim: compares Bind2 offline-message strategies on a scenario.
#include <CLI/CLI.hpp>

#include <string>

#include "cli/build_info.hpp"
#include "cli/command.hpp"
#include "cli/report.hpp"

int main(int argc, char** argv) {
  CLI::App app{"spoolsim: simulates the XMPP offline-message lifecycle and compares Bind2 "
               "offline strategies (lost, bounced, delayed and duplicated messages, storage, cost).",
               "spoolsim"};
  app.set_version_flag("--version",
                       std::string("spoolsim ") + spoolsim::cli::kVersion + " (git " + spoolsim::cli::kGitRevision + ")",
                       "Print the version and git revision, then exit");
  app.require_subcommand(1);
  app.footer("Run `spoolsim COMMAND --help` for a command's options. Documentation: README.md, "
             "docs/reading-reports.md, docs/report-format.md.");
  spoolsim::cli::set_command_line(spoolsim::cli::shell_quoted(argc, argv));
  spoolsim::cli::setup_commands(app);
  return spoolsim::cli::run_command_line(app, argc, argv);
}

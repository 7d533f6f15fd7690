// `spoolsim import ejabberd|prosody FILE [--host HOST] [--release VERSION] [--out F]`:
// a scenario whose server section comes from the operator's configuration
// (import/import.hpp). Warnings go to stderr and into the file as comments.
#include <unistd.h>

#include <iostream>
#include <stdexcept>
#include <memory>

#include "cli/command.hpp"
#include "cli/report.hpp"
#include "import/import.hpp"

namespace spoolsim::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string out;
  import::ImportOptions options;
};

// --release, or asked on a terminal; without one, the error lists the releases.
std::string release_for(const std::string& server, const std::string& given) {
  if (!given.empty() || isatty(STDIN_FILENO) == 0) return given;
  std::string list;
  for (const std::string& r : import::known_releases(server)) list += (list.empty() ? "" : ", ") + r;
  std::cerr << "Which " << server << " release does this server run? (" << list << ")\nrelease: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer;
}

void run_import(const std::string& server, ImportArgs args) {
  args.options.release = release_for(server, args.options.release);
  const import::ImportResult result = server == "ejabberd" ? import::import_ejabberd(args.file, args.options)
                                                           : import::import_prosody(args.file, args.options);
  const std::string text = import::to_textproto(result);
  // The scenario must load; a mapping bug should not reach the operator's file.
  scenarios::load_scenario_text(text, args.out.empty() ? "<import>" : args.out);
  for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
  if (args.out.empty()) {
    std::cout << text;
    return;
  }
  try {  // atomically: a full disk leaves no half-written scenario
    write_file_atomically(args.out, text);
  } catch (const std::runtime_error& e) {
    std::cerr << "spoolsim import: --out " << e.what() << "\n";
    throw Exit{kExitBadInput};
  }
  std::cerr << args.out << ": " << result.values.size() << " values from " << args.file << ", "
            << result.warnings.size() << " warnings\n";
}

void add_server(CLI::App& parent, const std::string& server, const std::string& what) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = parent.add_subcommand(server, what);
  cmd->add_option("FILE", args->file, server == "ejabberd" ? "ejabberd.yml" : "prosody.cfg.lua")->required();
  cmd->add_option("--host", args->options.host, "Virtual host to read (default: the first one)");
  cmd->add_option("--release", args->options.release, "Release the server runs; chooses the server preset");
  cmd->add_option("--out", args->out, "Write the scenario here instead of stdout");
  cmd->callback([args, server] { run_import(server, *args); });
}

void setup_import(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("import", "Write a scenario from a server's configuration file");
  cmd->require_subcommand(1);
  add_server(*cmd, "ejabberd", "From ejabberd.yml (define_macro, include_config_file, host_config)");
  add_server(*cmd, "prosody", "From prosody.cfg.lua (evaluated in a sandbox)");
}

}  // namespace

SPOOLSIM_COMMAND(45, setup_import)

}  // namespace spoolsim::cli

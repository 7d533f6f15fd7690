// `spoolsim presets [servers|clients] [NAME] [--preset-dir DIR]`: lists the
// server and client presets (an operator's own marked with their file), or
// prints one as textproto (ready to paste into a scenario).
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

struct PresetsArgs {
  std::string kind;
  std::string name;
};

void print_list(const char* title, const std::vector<scenarios::PresetInfo>& presets) {
  std::cout << title << ":\n";
  for (const scenarios::PresetInfo& p : presets) {
    std::cout << "  " << p.name;
    if (!p.built_in) std::cout << "  (" << p.file << (p.overrides_built_in ? ", overrides the built-in one)" : ")");
    std::cout << "\n";
  }
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void presets(PresetsArgs args) {
  // `spoolsim presets gajim`: a bare name is looked up in both lists.
  if (!args.kind.empty() && args.kind != "servers" && args.kind != "clients") {
    if (!args.name.empty()) {
      std::cerr << "spoolsim presets: unknown kind \"" << args.kind << "\"; allowed: servers, clients\n";
      throw Exit{kExitBadInput};
    }
    const std::vector<std::string> servers = scenarios::server_preset_names();
    const std::vector<std::string> clients = scenarios::client_preset_names();
    args.name = args.kind;
    if (contains(servers, args.name)) {
      args.kind = "servers";
    } else if (contains(clients, args.name)) {
      args.kind = "clients";
    } else {
      std::cerr << "spoolsim presets: \"" << args.name << "\" is neither a kind (servers, clients) nor a preset; "
                << "servers: " << joined(servers) << "; clients: " << joined(clients) << "\n";
      throw Exit{kExitBadInput};
    }
  }
  if (!args.name.empty()) {
    // Resolve first: an unknown name prints nothing on stdout (exit 2).
    const std::string text = args.kind == "servers" ? scenarios::server_preset_textproto(args.name)
                                                    : scenarios::client_preset_textproto(args.name);
    std::cout << text;
    if (!text.empty() && text.back() != '\n') std::cout << '\n';
    return;
  }
  if (args.kind.empty() || args.kind == "servers") print_list("servers", scenarios::server_presets());
  if (args.kind.empty() || args.kind == "clients") print_list("clients", scenarios::client_presets());
}

void setup_presets(CLI::App& app) {
  auto args = std::make_shared<PresetsArgs>();
  CLI::App* cmd = app.add_subcommand("presets", "List server and client presets, or print one as textproto");
  cmd->add_option("KIND", args->kind, "servers or clients (or a preset name, looked up in both)");
  cmd->add_option("NAME", args->name, "A preset name (prints it as textproto)");
  cmd->callback([args] { presets(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(40, setup_presets)

}  // namespace spoolsim::cli

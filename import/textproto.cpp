// Releases and presets, and the scenario text an import writes.
#include <cmath>
#include <map>
#include <sstream>

#include "import/import.hpp"
#include "import/import_internal.hpp"

namespace spoolsim::import {

std::vector<std::string> known_releases(const std::string& server) {
  std::vector<std::string> out;
  const std::string prefix = server + "-";
  for (const std::string& name : scenarios::server_preset_names()) {
    if (name.rfind(prefix, 0) == 0) out.push_back(name.substr(prefix.size()));
  }
  return out;
}

std::string preset_for_release(const std::string& server, const std::string& release) {
  const std::vector<std::string> known = known_releases(server);
  for (const std::string& r : known) {
    if (r == release) return server + "-" + release;
  }
  std::string list;
  for (const std::string& r : known) list += (list.empty() ? "" : ", ") + r;
  throw ImportError((release.empty() ? "no " + server + " release given" : "unknown " + server + " release \"" + release + "\"") +
                    " (--release VERSION chooses the server preset); known releases: " + list);
}

std::string to_textproto(const ImportResult& result) {
  std::ostringstream out;
  out << "# Imported by `spoolsim import " << result.server << "` from " << result.file;
  if (!result.host.empty()) out << " (host " << result.host << ")";
  out << ".\n# Each value says where it came from (`# import: file:line`); the rest\n"
      << "# comes from the server preset " << result.preset << ".\n";
  if (!result.warnings.empty()) {
    out << "#\n# Not mapped (check these by hand):\n";
    for (const std::string& w : result.warnings) out << "#   " << w << "\n";
  }
  out << "server {\n  preset: \"" << result.preset << "\"\n";
  // Group values by their first path element (offline, mam, stream_management).
  std::map<std::string, std::vector<const MappedValue*>> blocks;
  std::vector<std::string> order;
  for (const MappedValue& v : result.values) {
    const auto dot = v.path.find('.');
    const std::string block = dot == std::string::npos ? "" : v.path.substr(0, dot);
    if (blocks.find(block) == blocks.end()) order.push_back(block);
    blocks[block].push_back(&v);
  }
  const auto line = [&](const MappedValue& v, const std::string& field, const char* indent) {
    out << indent << field << ": " << v.value << "  # import: " << v.source;
    if (!v.note.empty()) out << " (" << v.note << ")";
    out << "\n";
  };
  for (const std::string& block : order) {
    if (block.empty()) {
      for (const MappedValue* v : blocks[block]) line(*v, v->path, "  ");
      continue;
    }
    out << "  " << block << " {\n";
    for (const MappedValue* v : blocks[block]) line(*v, v->path.substr(block.size() + 1), "    ");
    out << "  }\n";
  }
  out << "}\n";
  return out.str();
}

namespace detail {

std::string duration_literal(double seconds) {
  const auto whole = static_cast<std::int64_t>(std::llround(seconds));
  if (std::fabs(seconds - static_cast<double>(whole)) > 1e-9) {
    return "\"" + std::to_string(std::llround(seconds * 1000.0)) + "ms\"";
  }
  if (whole != 0 && whole % 86400 == 0) return "\"" + std::to_string(whole / 86400) + "d\"";
  if (whole != 0 && whole % 3600 == 0) return "\"" + std::to_string(whole / 3600) + "h\"";
  return "\"" + std::to_string(whole) + "s\"";
}

std::string at(const std::string& file, int line) { return file + ":" + std::to_string(line); }

}  // namespace detail
}  // namespace spoolsim::import

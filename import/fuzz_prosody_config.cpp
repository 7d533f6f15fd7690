// libFuzzer target: the Prosody importer (prosody.cfg.lua run in the
// sandboxed Lua, with Include and VirtualHost). Any bytes must give a scenario or an
// ImportError naming file:line, never a crash or a hang (issue 16). The input
// is written to a file of its own in a private folder, as the importer reads
// files (Include resolves next to it).
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "import/import.hpp"

namespace {

const std::string& config_path() {
  static const std::string path = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "spoolsim-fuzz-prosody-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return tmpl + "/prosody.cfg.lua";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(config_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const spoolsim::import::ImportResult r = spoolsim::import::import_prosody(config_path(), {"", "13"});
    (void)spoolsim::import::to_textproto(r);
  } catch (const spoolsim::scenarios::ScenarioError&) {
    // Bad input: ImportError (or a bad value) with file:line.
  }
  return 0;
}

// libFuzzer entry: any bytes, read as a text-format and as a JSON scenario,
// must give a LoadedScenario or a ScenarioError, never a crash. Built only
// with SPOOLSIM_FUZZ=ON and clang (`make fuzz`).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace {

void try_load(const std::string& text, const std::string& name, const std::vector<std::string>& sets) {
  try {
    (void)spoolsim::scenarios::load_scenario_text(text, name, sets);
  } catch (const spoolsim::scenarios::ScenarioError&) {
    // Expected for bad input: a message for people, nothing else.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try_load(text, "fuzz.textproto", {});
  try_load(text, "fuzz.json", {});
  // The same bytes as a --set value, so override parsing is fuzzed too.
  const auto cut = text.find('\n');
  if (cut != std::string::npos && cut < 200) {
    try_load("name: \"fuzz\"", "fuzz.textproto", {text.substr(0, cut)});
  }
  return 0;
}

// libFuzzer target: --set parsing. Each input line is one "path=value"
// override applied to a small valid scenario; any bytes must give a scenario
// or a ScenarioError, never a crash (issue 16).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> sets;
  std::size_t start = 0;
  while (start <= text.size() && sets.size() < 16) {
    const auto end = text.find('\n', start);
    sets.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  try {
    (void)spoolsim::scenarios::load_scenario_text("name: \"fuzz\"\npopulation { users: 50 }\n", "fuzz.textproto",
                                                  sets);
  } catch (const spoolsim::scenarios::ScenarioError&) {
  }
  return 0;
}

// libFuzzer target: any bytes as a text-format scenario must load or give a
// ScenarioError, never crash, hang or read past the input (issue 16).
#include <cstddef>
#include <cstdint>
#include <string>

#include "scenarios/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)spoolsim::scenarios::load_scenario_text(std::string(reinterpret_cast<const char*>(data), size),
                                                  "fuzz.textproto");
  } catch (const spoolsim::scenarios::ScenarioError&) {
    // Bad input: a message for people, nothing else.
  }
  return 0;
}

// libFuzzer target: the contact-file readers (R2.4). The first byte picks the
// reader (even: edge list, odd: GraphML) and the population size; any bytes
// must give a graph or a std::runtime_error naming file:line, never a crash
// (issue 16).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "models/world/contact_graph.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const bool graphml = (data[0] & 1u) != 0;
  const std::uint32_t users = 1u + (data[0] >> 1);  // 1..128
  try {
    (void)spoolsim::models::load_contact_text(graphml ? "fuzz.graphml" : "fuzz.txt", text, users);
  } catch (const std::runtime_error&) {
    // Bad input: a message naming the file and line.
  }
  return 0;
}

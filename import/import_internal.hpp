// Helpers shared by the importers (not a public API).
#pragma once
#include <cstdint>
#include <string>

namespace spoolsim::import::detail {

// A duration literal for the scenario: "7d", "90m", "300s" or "250ms".
std::string duration_literal(double seconds);
// "file:line".
std::string at(const std::string& file, int line);

}  // namespace spoolsim::import::detail

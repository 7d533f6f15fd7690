// Helpers shared by the importers (not a public API).
#pragma once
#include <cstdint>
#include <string>

namespace spoolsim::import::detail {

// A duration literal for the scenario: "7d", "90m", "300s" or "250ms".
std::string duration_literal(double seconds);
// "file:line".
std::string at(const std::string& file, int line);

// A configuration file's text (the file itself or one it includes): a regular
// file of at most kMaxConfigFileBytes, read whole (models/inputs/input_file.hpp),
// so a directory, FIFO or /dev/zero is refused before it is read. Throws
// ImportError "FILE: cannot read WHAT: why; allowed: ...".
inline constexpr std::uint64_t kMaxConfigFileBytes = 4ull << 20;  // 4 MiB; real configs are < 100 KiB
std::string read_config_file(const std::string& file, const char* what);

}  // namespace spoolsim::import::detail

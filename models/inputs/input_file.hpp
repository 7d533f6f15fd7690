// Reading an operator's input file whole, with a size limit and only from a
// regular file (issue 16): a directory, FIFO or device is refused before it is
// read, so /dev/zero cannot grow memory and a FIFO with no writer cannot hang.
// Standard input is read only where the caller allows it (the path "-").
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace spoolsim::models {

// what(): "PATH: cannot read WHAT: reason; allowed: ...". Exit status 2 above.
struct InputFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Limits (docs/scenario-reference.md, "Input files").
inline constexpr std::uint64_t kMaxScenarioFileBytes = 4ull << 20;   // 4 MiB
inline constexpr std::uint64_t kMaxContactFileBytes = 1ull << 30;    // 1 GiB

struct InputFileRules {
  std::string_view what;       // "scenario file", "contact file", ...
  std::uint64_t max_bytes = kMaxScenarioFileBytes;
  bool allow_stdin = false;    // "-" reads standard input (any kind, same limit)
};

// The file's bytes. Throws InputFileError for a missing, unreadable,
// non-regular or too large file.
std::string read_input_file(const std::string& path, const InputFileRules& rules);

// "4 MiB", "1 GiB", "512 KiB", "123 bytes".
std::string human_size(std::uint64_t bytes);

// The offset of the first byte that is not valid UTF-8 (overlongs, surrogates
// and code points above U+10FFFF are invalid), or npos when all are valid.
std::size_t invalid_utf8_offset(std::string_view text);

}  // namespace spoolsim::models

#include "cli/terminal_text.hpp"

#include <fmt/format.h>

#include "models/inputs/input_file.hpp"

namespace spoolsim::cli {

std::string printable(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // One UTF-8 sequence at a time: valid ones pass (except C1 controls,
      // U+0080..U+009F), a bad byte is escaped and the scan moves on by one.
      std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (i + len > text.size() || models::invalid_utf8_offset(text.substr(i, len)) != std::string_view::npos) {
        out += fmt::format("\\x{:02x}", c);
        ++i;
        continue;
      }
      if (c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));
      } else {
        out.append(text.substr(i, len));
      }
      i += len;
      continue;
    }
    if ((c == '\n' || c == '\t') && keep_newlines) {
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out;
}

}  // namespace spoolsim::cli

// Bounded, regular-file-only reads of operator inputs (issue 16).
#include "models/inputs/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace spoolsim::models {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void fail(const std::string& path, const InputFileRules& rules, const std::string& why) {
  throw InputFileError(path + ": cannot read " + std::string(rules.what) + ": " + why);
}

// Reads fd to the end, at most max_bytes (one byte more tells it is too long).
std::string read_bounded(int fd, const std::string& path, const InputFileRules& rules) {
  std::string out;
  std::vector<char> chunk(1 << 16);
  for (;;) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, rules, std::strerror(errno));
    }
    if (n == 0) return out;
    out.append(chunk.data(), static_cast<std::size_t>(n));
    if (out.size() > rules.max_bytes) {
      fail(path, rules, "larger than the limit of " + human_size(rules.max_bytes) + "; allowed: a file of at most " +
                            human_size(rules.max_bytes));
    }
  }
}

}  // namespace

std::string human_size(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

std::string read_input_file(const std::string& path, const InputFileRules& rules) {
  if (path == "-" && rules.allow_stdin) return read_bounded(STDIN_FILENO, "<stdin>", rules);
  // O_NONBLOCK: opening a FIFO without a writer returns at once; the fstat
  // below then refuses it. Regular files ignore the flag.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    throw InputFileError(path + ": cannot open " + std::string(rules.what) + ": " + std::strerror(err) + (rules.allow_stdin ? "; allowed: a readable file, or - for standard input"
                                                                            : "; allowed: a readable file"));
  }
  struct stat st {};
  const bool stat_ok = ::fstat(fd, &st) == 0;
  if (!stat_ok || !S_ISREG(st.st_mode)) {
    const std::string kind = stat_ok ? kind_of(st.st_mode) : std::string(std::strerror(errno));
    ::close(fd);
    fail(path, rules, "it is " + kind + "; allowed: a regular file" +
                          (rules.allow_stdin ? std::string(" (or - to read standard input)") : std::string()));
  }
  if (static_cast<std::uint64_t>(st.st_size) > rules.max_bytes) {
    ::close(fd);
    fail(path, rules, "it has " + std::to_string(st.st_size) + " bytes, more than the limit of " +
                          human_size(rules.max_bytes));
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  try {
    std::string text = read_bounded(fd, path, rules);
    ::close(fd);
    return text;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

std::size_t invalid_utf8_offset(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return i;
    }
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0u) != 0x80u) return i;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace spoolsim::models

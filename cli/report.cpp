#include "cli/report.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace spoolsim::cli {

Report make_report(RunInfo info, const models::RunResult& result) {
  Report r;
  r.info = std::move(info);
  r.result = &result;
  r.summary = models::summarize(result);
  return r;
}

std::string shell_quoted(int argc, const char* const* argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i > 0) out += ' ';
    const bool plain = !arg.empty() && arg.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,/:@%") == std::string::npos;
    if (plain) {
      out += arg;
      continue;
    }
    out += '\'';
    for (char c : arg) {
      if (c == '\'') out += "'\\''";
      else out += c;
    }
    out += '\'';
  }
  return out;
}

namespace {
std::string& stored_command_line() {
  static std::string line;
  return line;
}
}  // namespace

void set_command_line(std::string line) { stored_command_line() = std::move(line); }
const std::string& command_line() { return stored_command_line(); }

std::string hex64(std::uint64_t value) { return fmt::format("{:016x}", value); }

namespace {
// Writes all of `content` to fd; false with errno set on failure.
bool write_all(int fd, const std::string& content) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// An output that exists and is not a regular file (/dev/null, /dev/stdout,
// a FIFO) is written in place: a rename would replace the device or pipe
// with a plain file (as root, /dev/null itself).
void write_in_place(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  if (!write_all(fd, content)) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error(fmt::format("{}: cannot write: {}", path, std::strerror(err)));
  }
  if (::close(fd) != 0) throw std::runtime_error(fmt::format("{}: cannot close: {}", path, std::strerror(errno)));
}
}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  const fs::file_status st = fs::status(target, ec);  // follows symlinks (/dev/stdout)
  if (!ec && fs::exists(st) && !fs::is_regular_file(st) && !fs::is_directory(st)) {
    write_in_place(path, content);
    return;
  }
  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string pattern = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw std::runtime_error(fmt::format("{}: cannot create a file in {}: {}", path, dir.string(), std::strerror(errno)));
  const std::string tmp(name.data());
  auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    throw std::runtime_error(fmt::format("{}: {}: {}", path, what, std::strerror(err)));
  };
  if (!write_all(fd, content)) fail("cannot write");
  // mkstemp creates 0600; a report is an ordinary file (umask decides).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, static_cast<mode_t>(0666 & ~mask)) != 0) fail("cannot set permissions");
  if (::fsync(fd) != 0) fail("cannot flush");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(fmt::format("{}: cannot close: {}", path, std::strerror(err)));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(fmt::format("{}: cannot rename into place: {}", path, std::strerror(err)));
  }
}

}  // namespace spoolsim::cli

// libFuzzer target: the readers of `spoolsim calibrate` (issue 16: every
// loader, "config and logs from the import issue"): the ejabberd and Prosody
// session logs, the documented sessions CSV, the format guess, and the
// archive databases (SQLite, ejabberd's and Prosody's schemas). The first
// byte picks the reader; the rest is written to a file of its own, as the
// readers read files. Any bytes must give sessions, messages or a
// CalibrateError naming the file, never a crash or a hang.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "calibrate/archive_db.hpp"
#include "calibrate/sessions.hpp"

namespace {

namespace cal = spoolsim::calibrate;

const std::string& input_dir() {
  static const std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "spoolsim-fuzz-calibrate-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    return tmpl;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned reader = data[0] % 6;
  const std::string path = input_dir() + (reader >= 4 ? "/archive.sqlite" : "/server.log");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    switch (reader) {
      case 0: (void)cal::read_session_log(path, cal::LogFormat::Ejabberd); break;
      case 1: (void)cal::read_session_log(path, cal::LogFormat::Prosody); break;
      case 2: (void)cal::read_session_log(path, cal::LogFormat::Csv); break;
      case 3: (void)cal::read_session_log(path, cal::guess_log_format(path)); break;
      case 4: (void)cal::read_archive(path, cal::ServerKind::Ejabberd); break;
      default: (void)cal::read_archive(path, cal::ServerKind::Prosody); break;
    }
  } catch (const cal::CalibrateError&) {
    // Bad input: a message naming the file (and the line).
  }
  // SQLite may leave a journal beside a database it opened.
  std::error_code ec;
  std::filesystem::remove(path + "-journal", ec);
  std::filesystem::remove(path + "-wal", ec);
  std::filesystem::remove(path + "-shm", ec);
  return 0;
}

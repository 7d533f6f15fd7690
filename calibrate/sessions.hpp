// Sessions read from a server's log or a documented CSV (docs/calibrate.md):
// when each device's link to the server came up and went down, and whether it
// went down cleanly or abruptly. Names never leave the reader: users and
// devices are kept as hashes.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace spoolsim::calibrate {

// what(): "file:line: what is wrong" or "file: table: ..."; exit status 2.
struct CalibrateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class LogFormat { Ejabberd, Prosody, Csv };
LogFormat parse_log_format(const std::string& name);  // ejabberd | prosody | csv (CalibrateError otherwise)
// From the file's first lines (CalibrateError when none matches).
LogFormat guess_log_format(const std::string& path);

// A stable 64-bit hash, printed as 16 hex digits (never the name itself).
std::string hash_name(const std::string& name);

struct Session {
  std::string user;    // hash of the bare JID
  std::string device;  // hash of the full JID (user + resource); "" when the log has no resource
  std::string client;  // client name from the resource or the CSV (lower case); "" unknown
  double start_s = 0;  // seconds (Unix time for logs; as given for the CSV)
  double end_s = 0;
  bool abrupt = false;
  // Cut by the record's window (Window): the period was under way when the
  // log began (start_s is the window's start; only ejabberd names the JID in
  // a close), or still up when it ended or the server stopped (end_s is then).
  bool start_cut = false, end_cut = false;
};

// A stretch of log with the server up throughout: from the log's first line
// or a server start to a server stop or the log's last line. A device's gap
// that spans a server restart is not a gap of the device's, and after a
// server start every device was offline because the server was down.
struct Window {
  double start_s = 0, end_s = 0;
  bool server_start = false;  // begins with the server starting (not under way)
};

struct SessionLog {
  std::string path;
  LogFormat format = LogFormat::Csv;
  std::vector<Session> sessions;  // link periods (cut ones flagged), in start order
  std::vector<Window> windows;    // logs: one per server run seen; a CSV has none
  std::size_t lines = 0;
  std::size_t open_at_end = 0;    // started and never ended in the log (end_cut at its end)
  double first_s = 0, last_s = 0; // the log's time span
  bool resources_known = true;    // false: the log names no resource (Prosody at info level)
};

// Throws CalibrateError with file:line on a line the reader recognises but
// cannot read (a truncated session line, a bad timestamp, a CSV row with the
// wrong fields), and when the file has no session at all.
SessionLog read_session_log(const std::string& path, LogFormat format);

// The client a resource names: its leading letters, lower case, if they
// name one of `known` ("Conversations.x7Yq" -> "conversations"); else "".
std::string client_of_resource(const std::string& resource, const std::vector<std::string>& known);

}  // namespace spoolsim::calibrate

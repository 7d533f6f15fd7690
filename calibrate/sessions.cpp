// Session readers: ejabberd 23.x/24.x (ejabberd_c2s, mod_stream_mgmt),
// Prosody 0.12/13 (mod_c2s, core/sessionmanager, mod_smacks, mod_saslauth)
// and the CSV of docs/calibrate.md. A session here is one link period of a
// device: from a login or a stream resumption to the moment the server saw
// the link go (the stream closed, or the socket lost: then it is abrupt).
#include "calibrate/sessions.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "scenarios/loader.hpp"

namespace spoolsim::calibrate {
namespace {

[[noreturn]] void fail(const std::string& path, std::size_t line, const std::string& what) {
  throw CalibrateError(path + ":" + std::to_string(line) + ": " + what);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool valid_clock(int h, int mi, double s) { return h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61; }

// "2024-12-20 10:11:12.345678+01:00" (ejabberd's logger) or ISO 8601
// "2024-12-20T10:11:12Z"; seconds since the epoch, or nullopt.
std::optional<double> parse_iso(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, used = 0;
  double s = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%*1[ T]%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &used) != 6) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || !valid_clock(h, mi, s)) return std::nullopt;
  double t = static_cast<double>(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) * 86400.0 +
             h * 3600.0 + mi * 60.0 + s;
  const std::string zone = text.substr(static_cast<std::size_t>(used));
  if (zone.empty() || zone == "Z") return t;
  int zh = 0, zm = 0;
  char sign = 0;
  if (std::sscanf(zone.c_str(), "%c%2d:%2d", &sign, &zh, &zm) == 3 && (sign == '+' || sign == '-')) {
    const double offset = zh * 3600.0 + zm * 60.0;
    return sign == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

// Tracks link periods per device key and turns them into Sessions, and the
// windows of server uptime they lie in (a period still up when its window
// closes is end-cut there).
class Periods {
 public:
  // A new start on a device whose link is still up: the server replaced a
  // session whose loss it had not noticed; that one ended abruptly now.
  void start(const std::string& key, const Session& s) {
    if (is_open(key)) end(key, s.start_s, true);
    open_[key] = s;
  }
  bool is_open(const std::string& key) const { return open_.count(key) > 0; }
  void end(const std::string& key, double t, bool abrupt) {
    auto it = open_.find(key);
    if (it == open_.end()) return;  // the log started while the link was up (see end_unseen)
    it->second.end_s = t;
    it->second.abrupt = abrupt;
    done_.push_back(it->second);
    open_.erase(it);
  }
  // The end of a period whose start is before the log's first line: kept as
  // start-cut, when the log did not begin with the server starting.
  void end_unseen(Session s, double t, bool abrupt) {
    if (windows_.size() != 1 || windows_[0].server_start) return;
    s.start_s = windows_[0].start_s;
    s.end_s = t;
    s.abrupt = abrupt;
    s.start_cut = true;
    done_.push_back(std::move(s));
  }
  // The server stopped or restarted: the period's end is not the device's;
  // it is cut at the window's end.
  void drop(const std::string& key, double t) {
    server_stopping(t);
    auto it = open_.find(key);
    if (it == open_.end()) return;
    it->second.end_s = windows_.back().end_s;
    it->second.end_cut = true;
    done_.push_back(it->second);
    open_.erase(it);
  }
  // Every timestamped line: the window reaches it, unless the server stopped.
  void saw(double t) {
    if (windows_.empty()) windows_.push_back({t, t, false});
    if (!stopped_) windows_.back().end_s = std::max(windows_.back().end_s, t);
  }
  void server_started(double t) {
    if (windows_.empty() || (windows_.size() == 1 && done_.empty() && open_.empty())) {
      windows_.assign(1, Window{t, t, true});
    } else {
      server_stopping(t);
      for (auto& [key, s] : open_) cut(s, windows_.back().end_s);
      open_.clear();
      windows_.push_back({t, t, true});
    }
    stopped_ = false;
  }
  void server_stopping(double t) {
    saw(t);
    if (!stopped_) windows_.back().end_s = t;
    stopped_ = true;
  }
  bool stopped() const { return stopped_; }
  void finish(SessionLog& log) {
    log.open_at_end = open_.size();
    for (auto& [key, s] : open_) cut(s, windows_.empty() ? s.start_s : windows_.back().end_s);
    open_.clear();
    std::stable_sort(done_.begin(), done_.end(),
                     [](const Session& a, const Session& b) { return a.start_s < b.start_s; });
    log.sessions = std::move(done_);
    log.windows = std::move(windows_);
  }

 private:
  void cut(Session& s, double t) {
    s.end_s = std::max(t, s.start_s);
    s.end_cut = true;
    done_.push_back(s);
  }
  std::map<std::string, Session> open_;
  std::vector<Session> done_;
  std::vector<Window> windows_;
  bool stopped_ = false;
};

struct Jid {
  std::string bare, resource;
};
Jid split_jid(const std::string& full) {
  const auto slash = full.find('/');
  if (slash == std::string::npos) return {full, ""};
  return {full.substr(0, slash), full.substr(slash + 1)};
}
bool plausible_jid(const std::string& s) {
  return !s.empty() && s.find('@') != std::string::npos && s.find_first_of(" \t") == std::string::npos;
}

Session session_of(const std::string& full_jid, double t, const std::vector<std::string>& known) {
  const Jid j = split_jid(full_jid);
  Session s;
  s.user = hash_name(j.bare);
  s.device = j.resource.empty() ? "" : hash_name(full_jid);
  s.client = client_of_resource(j.resource, known);
  s.start_s = t;
  s.end_s = t;
  return s;
}

// Client preset names: a resource "Conversations.x7Yq" names "conversations".
const std::vector<std::string>& known_clients() {
  static const std::vector<std::string> names = scenarios::client_preset_names();
  return names;
}

// ---- ejabberd ------------------------------------------------------------------
// ejabberd_c2s.erl:  "(~ts) Opened c2s session for ~ts"  (full JID)
//                    "(~ts) Closing c2s session for ~ts: ~ts"  (reason)
// mod_stream_mgmt:   "Closing c2s connection for ~ts: ~ts; waiting ~B seconds for stream resumption"
//                    "Resumed session for ~ts"
// The reason is xmpp_stream_in:format_error/1: "Stream closed by peer: ..."
// or "Stream reset by peer" for a client that ends its stream; everything
// else ("Connection failed: connection closed", timeouts, "Stream closed by
// local host: Timed out waiting for stream resumption") is abrupt, except a
// server shutdown, which ends nothing the device did (the period is dropped).
// A Bind2 login that resumes a pending session (SASL2 inline resumption)
// writes only "Accepted c2s ... authentication for BARE": the period that
// follows a drop starts at the user's last authentication after the drop.
bool ejabberd_shutdown(const std::string& reason) {
  return reason.find("system-shutdown") != std::string::npos || reason.find("system shutdown") != std::string::npos;
}
bool ejabberd_clean(const std::string& reason) {
  return reason.rfind("Stream closed by peer", 0) == 0 || reason.rfind("Stream reset by peer", 0) == 0;
}

void read_ejabberd(std::istream& in, SessionLog& log) {
  Periods periods;
  std::map<std::string, double> dropped;    // full JID -> when its socket went (pending)
  std::map<std::string, double> last_auth;  // bare JID -> last authentication
  std::set<std::string> seen;               // full JIDs with a session line so far
  std::string line;
  const std::vector<std::string>& known = known_clients();
  while (std::getline(in, line)) {
    ++log.lines;
    if (line.size() < 26 || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;  // continuation lines
    const auto space = line.find(' ', 11);
    const auto stamp_end = line.find(' ', space == std::string::npos ? 0 : space + 1);
    const auto t = parse_iso(line.substr(0, stamp_end == std::string::npos ? line.size() : stamp_end));
    const bool session_line = line.find("c2s session for ") != std::string::npos ||
                              line.find(" authentication for ") != std::string::npos ||
                              line.find("c2s connection for ") != std::string::npos ||
                              line.find("Resumed session for ") != std::string::npos;
    if (!t) {
      if (session_line) fail(log.path, log.lines, "a session line without a readable timestamp");
      continue;
    }
    if (log.first_s == 0) log.first_s = *t;
    log.last_s = std::max(log.last_s, *t);
    periods.saw(*t);
    if (line.find(" is started in the node ") != std::string::npos) periods.server_started(*t);
    if (line.find("SIGTERM received") != std::string::npos || line.find("Stopping ejabberd") != std::string::npos ||
        line.find(" is stopped in the node ") != std::string::npos) {
      periods.server_stopping(*t);
    }
    if (!session_line) continue;
    const auto after = [&](const std::string& mark) -> std::optional<std::string> {
      const auto p = line.find(mark);
      if (p == std::string::npos) return std::nullopt;
      return line.substr(p + mark.size());
    };
    // A period that must have started unseen: a resumption after a drop.
    const auto resumed = [&](const std::string& jid) {
      if (periods.is_open(jid)) return;
      const auto d = dropped.find(jid);
      if (d == dropped.end()) return;
      const auto a = last_auth.find(split_jid(jid).bare);
      if (a != last_auth.end() && a->second >= d->second) periods.start(jid, session_of(jid, a->second, known));
      dropped.erase(d);
    };
    if (auto auth = after(" authentication for ")) {
      if (line.find("Accepted c2s ") != std::string::npos) {
        const std::string who = auth->substr(0, auth->find(' '));
        if (!plausible_jid(who)) fail(log.path, log.lines, "truncated \"Accepted c2s\" line: no JID");
        last_auth[who] = *t;
      }
    } else if (auto rest = after("Opened c2s session for ")) {
      if (!plausible_jid(*rest)) fail(log.path, log.lines, "truncated \"Opened c2s session\" line: no full JID");
      dropped.erase(*rest);
      periods.start(*rest, session_of(*rest, *t, known));
    } else if (auto rest2 = after("Resumed session for ")) {
      if (!plausible_jid(*rest2)) fail(log.path, log.lines, "truncated \"Resumed session\" line: no full JID");
      dropped.erase(*rest2);
      periods.start(*rest2, session_of(*rest2, *t, known));
    } else if (auto rest3 = after("Closing c2s connection for ")) {
      const auto colon = rest3->find(": ");
      if (colon == std::string::npos || !plausible_jid(rest3->substr(0, colon))) {
        fail(log.path, log.lines, "truncated \"Closing c2s connection\" line: no JID and reason");
      }
      const std::string jid = rest3->substr(0, colon);
      resumed(jid);
      if (!periods.is_open(jid) && seen.insert(jid).second) periods.end_unseen(session_of(jid, *t, known), *t, true);
      periods.end(jid, *t, true);  // the socket went; the session waits for a resumption
      dropped[jid] = *t;
    } else if (auto rest4 = after("Closing c2s session for ")) {
      const auto colon = rest4->find(": ");
      if (colon == std::string::npos || !plausible_jid(rest4->substr(0, colon))) {
        fail(log.path, log.lines, "truncated \"Closing c2s session\" line: no JID and reason");
      }
      const std::string jid = rest4->substr(0, colon), reason = rest4->substr(colon + 2);
      resumed(jid);
      dropped.erase(jid);
      if (ejabberd_shutdown(reason)) {
        periods.drop(jid, *t);
      } else {
        if (!periods.is_open(jid) && seen.count(jid) == 0) {
          periods.end_unseen(session_of(jid, *t, known), *t, !ejabberd_clean(reason));
        }
        periods.end(jid, *t, !ejabberd_clean(reason));
      }
    }
    // A JID whose start or end this log has shown: a later close without a
    // start is not one under way at the log's start.
    if (auto j = after(" for "); j && session_line) seen.insert(j->substr(0, j->find_first_of(": ")));
  }
  periods.finish(log);
}

// ---- Prosody -------------------------------------------------------------------
// Lines are "Mon DD HH:MM:SS source\tlevel\tmessage" (the year is not
// written: it counts from 2000 and steps when the month goes back). Per c2s
// session id (the source):
//   mod_c2s          info  "Client connected" / "Client disconnected: ERR"
//   sessionmanager   info  "Authenticated as USER@HOST [role]"
//   mod_saslauth     debug "Resource bound: FULLJID"
//   mod_c2s          debug "Received </stream:stream>"
//   mod_smacks       debug "mod_smacks resuming existing session ID..."
// ERR is "connection closed" after the stream was closed (clean) and the
// socket's error otherwise ("closed": the client dropped its socket, a
// timeout, a reset): abrupt.
struct ProsodySession {
  double connected = 0;
  std::string bare, full;
  bool stream_end = false;
  bool ended = false;   // "Client disconnected" seen
  std::string resumes;  // the session id this connection resumed
};

std::optional<double> parse_prosody_stamp(const std::string& line, int& year, int& last_month) {
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (line.size() < 15) return std::nullopt;
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (line.compare(0, 3, months[m]) == 0) month = m + 1;
  }
  int d = 0, h = 0, mi = 0, s = 0;
  if (month == 0 || std::sscanf(line.c_str() + 3, " %2d %2d:%2d:%2d", &d, &h, &mi, &s) != 4) return std::nullopt;
  if (d < 1 || d > 31 || !valid_clock(h, mi, s)) return std::nullopt;
  if (last_month != 0 && month < last_month) ++year;
  last_month = month;
  return static_cast<double>(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(d))) * 86400.0 +
         h * 3600.0 + mi * 60.0 + s;
}

void read_prosody(std::istream& in, SessionLog& log) {
  Periods periods;
  std::map<std::string, ProsodySession> live;
  std::string line;
  int year = 2000, last_month = 0;
  bool saw_bound = false, shutting_down = false;
  const std::vector<std::string>& known = known_clients();
  // At level info a period starts only at its end (no "Resource bound"):
  // the ones still up when the server stops or the log ends start here.
  const auto end_info_level = [&] {
    for (const auto& [source, ps] : live) {
      if (!ps.ended && !periods.is_open(source) && !ps.bare.empty() && ps.full.empty()) {
        periods.start(source, session_of(ps.bare, ps.connected, known));
      }
    }
  };
  while (std::getline(in, line)) {
    ++log.lines;
    const auto tab1 = line.find('\t');
    const bool c2s_line = line.find("Client connected") != std::string::npos ||
                          line.find("Client disconnected") != std::string::npos ||
                          line.find("Authenticated as ") != std::string::npos;
    const auto t = parse_prosody_stamp(line, year, last_month);
    if (!t || tab1 == std::string::npos) {
      if (c2s_line) fail(log.path, log.lines, "a session line without a readable timestamp and source");
      continue;
    }
    if (log.first_s == 0) log.first_s = *t;
    log.last_s = std::max(log.last_s, *t);
    periods.saw(*t);
    const auto source_start = line.find(' ', 15);
    const std::string source = line.substr(source_start + 1, tab1 - source_start - 1);
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) {
      if (c2s_line) fail(log.path, log.lines, "truncated line: no level and message");
      continue;
    }
    const std::string message = line.substr(tab2 + 1);
    if (message.rfind("Shutting down", 0) == 0 || message == "Received SIGTERM") {
      shutting_down = true;  // later disconnects are the server's, not the devices'
      periods.server_stopping(*t);
      continue;
    }
    if (message.rfind("Hello and welcome to Prosody", 0) == 0) {
      end_info_level();  // sessions of the previous run at level info
      live.clear();
      periods.server_started(*t);
      shutting_down = false;
      continue;
    }
    if (source.rfind("c2s", 0) != 0) continue;
    if (message == "Client connected") {
      live[source] = ProsodySession{*t, "", "", false, false, ""};
      continue;
    }
    auto it = live.find(source);
    if (it == live.end()) continue;  // the log started after this connection
    ProsodySession& ps = it->second;
    if (message.rfind("Authenticated as ", 0) == 0) {
      std::string who = message.substr(17);
      who = who.substr(0, who.find(' '));
      if (!plausible_jid(who)) fail(log.path, log.lines, "truncated \"Authenticated as\" line: no JID");
      ps.bare = who;
      ps.connected = *t;  // the period starts at the login, not at the TCP connect
    } else if (message.rfind("Resource bound: ", 0) == 0) {
      ps.full = message.substr(16);
      if (!plausible_jid(ps.full)) fail(log.path, log.lines, "truncated \"Resource bound\" line: no full JID");
      saw_bound = true;
      if (ps.bare.empty()) ps.bare = split_jid(ps.full).bare;
      periods.start(source, session_of(ps.full, *t, known));
    } else if (message.rfind("mod_smacks resuming existing session ", 0) == 0) {
      std::string id = message.substr(37);
      while (!id.empty() && id.back() == '.') id.pop_back();
      ps.resumes = id;
      if (auto old = live.find(id); old != live.end() && !old->second.full.empty()) {
        ps.bare = old->second.bare;
        ps.full = old->second.full;
        periods.start(source, session_of(ps.full, *t, known));
      }
    } else if (message == "Received </stream:stream>") {
      ps.stream_end = true;
    } else if (message.rfind("Client disconnected", 0) == 0) {
      const auto colon = message.find(": ");
      if (colon == std::string::npos) fail(log.path, log.lines, "truncated \"Client disconnected\" line: no reason");
      const std::string err = message.substr(colon + 2);
      const bool clean = ps.stream_end || err == "connection closed";
      if (!periods.is_open(source) && !ps.bare.empty() && ps.full.empty()) {
        // Info level: no "Resource bound" line; the session is the user's, device unknown.
        Session s = session_of(ps.bare, ps.connected, known);
        periods.start(source, s);
      }
      if (shutting_down) {
        periods.drop(source, *t);
        live.erase(it);
        continue;
      }
      periods.end(source, *t, !clean);
      ps.ended = true;
      // A hibernating session may still be resumed: keep its JID for that.
      if (clean) live.erase(it);
    }
  }
  end_info_level();
  log.resources_known = saw_bound;
  periods.finish(log);
}

// ---- CSV -----------------------------------------------------------------------
// user,resource,client,start,end,end_kind   (a header line, then one row per
// session; start/end as Unix seconds or ISO 8601; end_kind clean|abrupt).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r') cell += c;
  }
  out.push_back(cell);
  return out;
}

std::optional<double> parse_time(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != nullptr && *end == '\0' && std::isfinite(v)) return v;
  return parse_iso(text);
}

void read_csv(std::istream& in, SessionLog& log) {
  std::string line;
  const std::vector<std::string>& known = known_clients();
  bool header = false;
  while (std::getline(in, line)) {
    ++log.lines;
    if (line.empty() || line[0] == '#') continue;
    const auto cells = split_csv(line);
    if (!header) {
      header = true;
      if (cells.size() != 6 || lower(cells[0]) != "user" || lower(cells[5]) != "end_kind") {
        fail(log.path, log.lines, "the header must be \"user,resource,client,start,end,end_kind\"");
      }
      continue;
    }
    if (cells.size() != 6) {
      fail(log.path, log.lines, std::to_string(cells.size()) + " fields; allowed: 6 (user,resource,client,start,end,end_kind)");
    }
    const auto start = parse_time(cells[3]), end = parse_time(cells[4]);
    if (!start) fail(log.path, log.lines, "start: \"" + cells[3] + "\" is not a time (Unix seconds or ISO 8601)");
    if (!end) fail(log.path, log.lines, "end: \"" + cells[4] + "\" is not a time (Unix seconds or ISO 8601)");
    if (*end < *start) fail(log.path, log.lines, "end is before start");
    const std::string kind = lower(cells[5]);
    if (kind != "clean" && kind != "abrupt") {
      fail(log.path, log.lines, "end_kind: \"" + cells[5] + "\"; allowed: clean, abrupt");
    }
    if (cells[0].empty()) fail(log.path, log.lines, "user: empty");
    Session s;
    s.user = hash_name(cells[0]);
    s.device = cells[1].empty() ? "" : hash_name(cells[0] + "/" + cells[1]);
    s.client = cells[2].empty() ? client_of_resource(cells[1], known) : lower(cells[2]);
    s.start_s = *start;
    s.end_s = *end;
    s.abrupt = kind == "abrupt";
    if (log.sessions.empty() || *start < log.first_s) log.first_s = *start;
    log.last_s = std::max(log.last_s, *end);
    log.sessions.push_back(std::move(s));
    if (cells[1].empty()) log.resources_known = false;
  }
  if (!header) fail(log.path, std::max<std::size_t>(log.lines, 1), "empty file: no header");
  std::stable_sort(log.sessions.begin(), log.sessions.end(),
                   [](const Session& a, const Session& b) { return a.start_s < b.start_s; });
}

}  // namespace

LogFormat parse_log_format(const std::string& name) {
  if (name == "ejabberd") return LogFormat::Ejabberd;
  if (name == "prosody") return LogFormat::Prosody;
  if (name == "csv") return LogFormat::Csv;
  throw CalibrateError("--log-format: \"" + name + "\"; allowed: ejabberd, prosody, csv");
}

LogFormat guess_log_format(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CalibrateError(path + ": cannot open");
  std::string line;
  for (int i = 0; i < 200 && std::getline(in, line); ++i) {
    if (lower(line.substr(0, 5)) == "user," || line.rfind("#", 0) == 0) return LogFormat::Csv;
    if (parse_iso(line.substr(0, line.find(' ', 11)).append("")) ||
        (line.size() > 26 && std::isdigit(static_cast<unsigned char>(line[0])) && line[4] == '-' &&
         line.find(" [") != std::string::npos))
      return LogFormat::Ejabberd;
    int year = 2000, month = 0;
    if (parse_prosody_stamp(line, year, month) && line.find('\t') != std::string::npos) return LogFormat::Prosody;
  }
  throw CalibrateError(path + ": not an ejabberd or Prosody log, nor a sessions CSV; give --log-format");
}

std::string hash_name(const std::string& name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::string client_of_resource(const std::string& resource, const std::vector<std::string>& known) {
  std::string head;
  for (char c : resource) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const std::string& k : known) {
    std::string letters;  // "converse.js" -> "converse"
    for (char c : k) {
      if (!std::isalpha(static_cast<unsigned char>(c))) break;
      letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (!head.empty() && head == letters) return k;
  }
  return "";
}

SessionLog read_session_log(const std::string& path, LogFormat format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CalibrateError(path + ": cannot open");
  SessionLog log;
  log.path = path;
  log.format = format;
  switch (format) {
    case LogFormat::Ejabberd: read_ejabberd(in, log); break;
    case LogFormat::Prosody: read_prosody(in, log); break;
    case LogFormat::Csv: read_csv(in, log); break;
  }
  if (log.sessions.empty()) {
    throw CalibrateError(path + ": no complete session (a login and its end) in " + std::to_string(log.lines) +
                         " lines; is this the c2s log at level info or more?");
  }
  return log;
}

}  // namespace spoolsim::calibrate

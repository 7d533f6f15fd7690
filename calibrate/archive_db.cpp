// Reading the archive tables (calibrate/archive_db.hpp). A message appears
// once per archive that holds it (the recipient's, and the sender's copy);
// rows are merged on (sender, recipient, stanza id), or the time to the
// second when the stanza has no id. The direction comes from the stanza's
// `from` attribute.
#include "calibrate/archive_db.hpp"

#include <sqlite3.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "calibrate/sessions.hpp"

namespace spoolsim::calibrate {
namespace {

struct Db {
  sqlite3* handle = nullptr;
  ~Db() {
    if (handle) sqlite3_close(handle);
  }
};

// The value of attribute `name` in the first tag of `xml` ('...' or "...").
std::string attribute(const std::string& xml, const std::string& name) {
  const auto tag_end = xml.find('>');
  for (std::size_t p = xml.find(" " + name + "="); p != std::string::npos && p < tag_end;
       p = xml.find(" " + name + "=", p + 1)) {
    const std::size_t q = p + name.size() + 2;
    if (q >= xml.size()) return "";
    const char quote = xml[q];
    if (quote != '\'' && quote != '"') return "";
    const auto end = xml.find(quote, q + 1);
    if (end == std::string::npos) return "";
    return xml.substr(q + 1, end - q - 1);
  }
  return "";
}

std::string bare(const std::string& jid) { return jid.substr(0, jid.find('/')); }

bool has_table(sqlite3* db, const std::string& table) {
  sqlite3_stmt* st = nullptr;
  bool found = false;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &st, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    found = sqlite3_step(st) == SQLITE_ROW;
  }
  sqlite3_finalize(st);
  return found;
}

std::string text(sqlite3_stmt* st, int col) {
  const unsigned char* p = sqlite3_column_text(st, col);
  return p ? reinterpret_cast<const char*>(p) : "";
}

// Runs `sql` and calls row(statement, row number) for each row.
template <typename Row>
void each_row(const std::string& path, sqlite3* db, const std::string& table, const std::string& sql, Row row) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    const std::string why = sqlite3_errmsg(db);
    sqlite3_finalize(st);
    throw CalibrateError(path + ": table " + table + ": " + why);
  }
  std::size_t n = 0;
  int rc = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st, ++n);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) throw CalibrateError(path + ": table " + table + ": " + sqlite3_errmsg(db));
}

}  // namespace

ServerKind parse_server_kind(const std::string& name) {
  if (name == "ejabberd") return ServerKind::Ejabberd;
  if (name == "prosody") return ServerKind::Prosody;
  throw CalibrateError("--server: \"" + name + "\"; allowed: ejabberd, prosody");
}

ArchiveData read_archive(const std::string& path, ServerKind server) {
  Db db;
  if (sqlite3_open_v2(path.c_str(), &db.handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw CalibrateError(path + ": cannot open as SQLite: " + std::string(sqlite3_errmsg(db.handle)));
  }
  const std::string table = server == ServerKind::Ejabberd ? "archive" : "prosodyarchive";
  // sqlite3_open_v2 opens anything; the first query tells a non-database.
  sqlite3_stmt* probe = nullptr;
  if (sqlite3_prepare_v2(db.handle, "SELECT count(*) FROM sqlite_master", -1, &probe, nullptr) != SQLITE_OK ||
      sqlite3_step(probe) != SQLITE_ROW) {
    const std::string why = sqlite3_errmsg(db.handle);
    sqlite3_finalize(probe);
    throw CalibrateError(path + ": not an SQLite database (" + why + ")");
  }
  sqlite3_finalize(probe);
  if (!has_table(db.handle, table)) {
    throw CalibrateError(path + ": table " + table + ": missing; is this " +
                         (server == ServerKind::Ejabberd ? "ejabberd's SQL database (new or old schema)"
                                                         : "Prosody's SQL storage (mod_storage_sql)") +
                         "? (--server ejabberd|prosody)");
  }
  ArchiveData out;
  out.path = path;
  // Rosters: owner bare JID -> peers.
  std::map<std::string, std::set<std::string>> roster;
  if (server == ServerKind::Ejabberd && has_table(db.handle, "rosterusers")) {
    each_row(path, db.handle, "rosterusers", "SELECT username, server_host, jid FROM rosterusers",
             [&](sqlite3_stmt* st, std::size_t) {
               roster[text(st, 0) + "@" + text(st, 1)].insert(bare(text(st, 2)));
               ++out.roster_entries;
             });
  } else if (server == ServerKind::Prosody && has_table(db.handle, "prosody")) {
    each_row(path, db.handle, "prosody", "SELECT user, host, key FROM prosody WHERE store='roster' AND key != ''",
             [&](sqlite3_stmt* st, std::size_t) {
               roster[text(st, 0) + "@" + text(st, 1)].insert(bare(text(st, 2)));
               ++out.roster_entries;
             });
  }
  out.roster_known = out.roster_entries > 0;
  // Archive rows: owner, time, stanza.
  const std::string sql =
      server == ServerKind::Ejabberd
          ? "SELECT username, server_host, timestamp, xml, bare_peer FROM archive WHERE kind IS NULL OR kind='chat' "
            "ORDER BY timestamp, id"
          : "SELECT user, host, \"when\", value, \"with\" FROM prosodyarchive WHERE store='archive' ORDER BY "
            "\"when\", sort_id";
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
  std::set<std::string> owners;
  each_row(path, db.handle, table, sql, [&](sqlite3_stmt* st, std::size_t n) {
    ++out.rows;
    const std::string owner = text(st, 0) + "@" + text(st, 1);
    owners.insert(owner);
    const double raw_time = sqlite3_column_double(st, 2);
    // ejabberd stores microseconds, Prosody seconds.
    const double t = server == ServerKind::Ejabberd ? raw_time / 1e6 : raw_time;
    const std::string xml = text(st, 3);
    const std::string peer = bare(text(st, 4));
    if (!std::isfinite(t) || t <= 0) {
      throw CalibrateError(path + ": table " + table + ", row " + std::to_string(n) + ": no readable time");
    }
    if (xml.rfind("<message", 0) != 0) {
      throw CalibrateError(path + ": table " + table + ", row " + std::to_string(n) +
                           ": the stored stanza is not a <message> (truncated?)");
    }
    std::string from = bare(attribute(xml, "from"));
    std::string to = bare(attribute(xml, "to"));
    if (from.empty()) from = peer;
    if (to.empty()) to = from == owner ? peer : owner;
    std::string id = attribute(xml, "id");
    if (id.empty()) id = std::to_string(std::llround(t));
    auto [it, fresh] = seen.try_emplace({from, to, id}, out.messages.size());
    if (!fresh) return;
    ArchivedMessage m;
    m.sender = from;  // hashed below, after the roster look-up
    m.recipient = to;
    m.time_s = t;
    m.size_bytes = static_cast<std::uint32_t>(xml.size());
    out.messages.push_back(std::move(m));
  });
  for (ArchivedMessage& m : out.messages) {
    const auto r = roster.find(m.recipient);
    m.recipient_local = owners.count(m.recipient) > 0 || r != roster.end();
    m.stranger = out.roster_known && (r == roster.end() || r->second.count(m.sender) == 0);
    m.sender = hash_name(m.sender);
    m.recipient = hash_name(m.recipient);
  }
  if (out.messages.empty()) {
    throw CalibrateError(path + ": table " + table + ": no chat messages (" + std::to_string(out.rows) +
                         " rows); is MAM enabled and archiving (default always or roster)?");
  }
  return out;
}

}  // namespace spoolsim::calibrate

// Reading the archive tables (calibrate/archive_db.hpp). A message appears
// once per archive that holds it (the recipient's, and the sender's copy);
// rows are merged on (sender, recipient, stanza id), or the time to the
// second when the stanza has no id. The direction comes from the stanza's
// `from` attribute. The rows come from an SQLite file or a PostgreSQL
// database (libpq), read as text through the same queries.
#include "calibrate/archive_db.hpp"

#include <sqlite3.h>
#ifdef SPOOLSIM_CALIBRATE_POSTGRES
#include <libpq-fe.h>
#endif

#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "calibrate/sessions.hpp"

namespace spoolsim::calibrate {
namespace {

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

// The database's rows, whichever engine holds them: a table look-up and a
// query whose cells come back as text.
class Rows {
 public:
  virtual ~Rows() = default;
  virtual bool has_table(const std::string& table) = 0;
  // Runs `sql` and calls row(cells, row number) for each row; a failure is
  // "where: table T: why".
  virtual void each(const std::string& table, const std::string& sql,
                    const std::function<void(const std::vector<std::string>&, std::size_t)>& row) = 0;
};

class SqliteRows final : public Rows {
 public:
  explicit SqliteRows(const std::string& path) : path_(path) {
    // A constructor that throws runs no destructor: each refusal closes the
    // handle itself (sqlite3_open_v2 allocates one even when it fails).
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      const std::string why = sqlite3_errmsg(db_);
      sqlite3_close(db_);
      throw CalibrateError(path + ": cannot open as SQLite: " + why);
    }
    // sqlite3_open_v2 opens anything; the first query tells a non-database.
    sqlite3_stmt* probe = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master", -1, &probe, nullptr) != SQLITE_OK ||
        sqlite3_step(probe) != SQLITE_ROW) {
      const std::string why = sqlite3_errmsg(db_);
      sqlite3_finalize(probe);
      sqlite3_close(db_);
      throw CalibrateError(path + ": not an SQLite database (" + why + ")");
    }
    sqlite3_finalize(probe);
  }
  ~SqliteRows() override { sqlite3_close(db_); }
  bool has_table(const std::string& table) override {
    sqlite3_stmt* st = nullptr;
    bool found = false;
    if (sqlite3_prepare_v2(db_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", -1, &st, nullptr) ==
        SQLITE_OK) {
      sqlite3_bind_text(st, 1, table.c_str(), -1, SQLITE_TRANSIENT);
      found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
  }
  void each(const std::string& table, const std::string& sql,
            const std::function<void(const std::vector<std::string>&, std::size_t)>& row) override {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      const std::string why = sqlite3_errmsg(db_);
      sqlite3_finalize(st);
      throw CalibrateError(path_ + ": table " + table + ": " + why);
    }
    std::size_t n = 0;
    int rc = 0;
    std::vector<std::string> cells;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      cells.assign(static_cast<std::size_t>(sqlite3_column_count(st)), "");
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* p = sqlite3_column_text(st, i);
        if (p) cells[static_cast<std::size_t>(i)] = reinterpret_cast<const char*>(p);
      }
      row(cells, ++n);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) throw CalibrateError(path_ + ": table " + table + ": " + sqlite3_errmsg(db_));
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

#ifdef SPOOLSIM_CALIBRATE_POSTGRES
std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// ejabberd's PostgreSQL schema (sql/pg.new.sql): the same tables and
// columns; the tables are looked up on the connection's search_path.
class PostgresRows final : public Rows {
 public:
  PostgresRows(const std::string& where, const std::string& conninfo)
      : where_(where), conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      throw CalibrateError(where_ + ": cannot connect: " + why);
    }
  }
  ~PostgresRows() override { PQfinish(conn_); }
  bool has_table(const std::string& table) override {
    const char* values[] = {table.c_str()};
    PGresult* r = PQexecParams(conn_, "SELECT to_regclass($1) IS NOT NULL", 1, nullptr, values, nullptr, nullptr, 0);
    const bool found = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                       std::string(PQgetvalue(r, 0, 0)) == "t";
    PQclear(r);
    return found;
  }
  void each(const std::string& table, const std::string& sql,
            const std::function<void(const std::vector<std::string>&, std::size_t)>& row) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      const std::string why = trimmed(PQresultErrorMessage(r));
      PQclear(r);
      throw CalibrateError(where_ + ": table " + table + ": " + why);
    }
    std::vector<std::string> cells;
    const int rows = PQntuples(r), cols = PQnfields(r);
    try {
      for (int i = 0; i < rows; ++i) {
        cells.assign(static_cast<std::size_t>(cols), "");
        for (int j = 0; j < cols; ++j) {
          if (!PQgetisnull(r, i, j)) cells[static_cast<std::size_t>(j)] = PQgetvalue(r, i, j);
        }
        row(cells, static_cast<std::size_t>(i) + 1);
      }
    } catch (...) {
      PQclear(r);
      throw;
    }
    PQclear(r);
  }

 private:
  std::string where_;
  PGconn* conn_;
};
#endif

std::unique_ptr<Rows> open_rows(const std::string& spec) {
  if (is_postgres_spec(spec)) {
#ifdef SPOOLSIM_CALIBRATE_POSTGRES
    const std::string conninfo = spec.rfind("postgres:", 0) == 0 ? spec.substr(9) : spec;
    return std::make_unique<PostgresRows>("postgres", conninfo);
#else
    throw CalibrateError(spec + ": this spoolsim was built without libpq (libpq-dev): PostgreSQL input unavailable");
#endif
  }
  return std::make_unique<SqliteRows>(spec);
}

double number(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return end != text.c_str() ? v : std::nan("");
}

}  // namespace

ServerKind parse_server_kind(const std::string& name) {
  if (name == "ejabberd") return ServerKind::Ejabberd;
  if (name == "prosody") return ServerKind::Prosody;
  throw CalibrateError("--server: \"" + name + "\"; allowed: ejabberd, prosody");
}

bool postgres_input_available() {
#ifdef SPOOLSIM_CALIBRATE_POSTGRES
  return true;
#else
  return false;
#endif
}

bool is_postgres_spec(const std::string& spec) {
  return spec.rfind("postgres:", 0) == 0 || spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0;
}

ArchiveData read_archive(const std::string& spec, ServerKind server) {
  const std::unique_ptr<Rows> db = open_rows(spec);
  // A conninfo may hold a password: name the database "postgres" in messages.
  const std::string path = is_postgres_spec(spec) ? "postgres" : spec;
  const std::string table = server == ServerKind::Ejabberd ? "archive" : "prosodyarchive";
  if (!db->has_table(table)) {
    throw CalibrateError(path + ": table " + table + ": missing; is this " +
                         (server == ServerKind::Ejabberd ? "ejabberd's SQL database (new or old schema)"
                                                         : "Prosody's SQL storage (mod_storage_sql)") +
                         "? (--server ejabberd|prosody)");
  }
  ArchiveData out;
  out.path = path;
  // Rosters: owner bare JID -> peers.
  std::map<std::string, std::set<std::string>> roster;
  const auto add_roster = [&](const std::vector<std::string>& r, std::size_t) {
    roster[r[0] + "@" + r[1]].insert(bare(r[2]));
    ++out.roster_entries;
  };
  if (server == ServerKind::Ejabberd && db->has_table("rosterusers")) {
    db->each("rosterusers", "SELECT username, server_host, jid FROM rosterusers", add_roster);
  } else if (server == ServerKind::Prosody && db->has_table("prosody")) {
    db->each("prosody", "SELECT \"user\", host, key FROM prosody WHERE store='roster' AND key != ''", add_roster);
  }
  out.roster_known = out.roster_entries > 0;
  // Archive rows: owner, time, stanza.
  const std::string sql =
      server == ServerKind::Ejabberd
          ? "SELECT username, server_host, timestamp, xml, bare_peer FROM archive WHERE kind IS NULL OR kind='chat' "
            "ORDER BY timestamp, id"
          : "SELECT \"user\", host, \"when\", value, \"with\" FROM prosodyarchive WHERE store='archive' ORDER BY "
            "\"when\", sort_id";
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> seen;
  std::set<std::string> owners;
  db->each(table, sql, [&](const std::vector<std::string>& r, std::size_t n) {
    ++out.rows;
    const std::string owner = r[0] + "@" + r[1];
    owners.insert(owner);
    const double raw_time = number(r[2]);
    // ejabberd stores microseconds, Prosody seconds.
    const double t = server == ServerKind::Ejabberd ? raw_time / 1e6 : raw_time;
    const std::string& xml = r[3];
    const std::string peer = bare(r[4]);
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

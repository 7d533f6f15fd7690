// SQLite spool backend: ejabberd's lite.new.sql `spool` table and index, and
// the statements of mod_offline_sql (store_message, pop_messages,
// remove_all_messages, count_messages, remove_old_messages).
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "replay/spool_backend.hpp"

namespace spoolsim::models {
namespace {

// sql/lite.new.sql (processone/ejabberd), spool table and its index.
constexpr const char* kSchema =
    "CREATE TABLE spool (\n"
    "    username text NOT NULL,\n"
    "    server_host text NOT NULL,\n"
    "    xml text NOT NULL,\n"
    "    seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ");\n"
    "CREATE INDEX i_spool_sh_username ON spool (server_host, username);\n"
    // Marks a database this program made, so a later run may drop its spool.
    "CREATE TABLE spoolsim_replay (created_by text);\n";

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK)
      throw SpoolBackendError(std::string("sqlite: cannot prepare '") + sql + "': " + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteSpoolBackend final : public SpoolBackend {
 public:
  explicit SqliteSpoolBackend(const std::string& path) : path_(path) {
    // Read-only first: a file that is not ours (an ejabberd database, another
    // program's, not a database at all) is refused with its bytes unchanged.
    // Only a database carrying spoolsim's marker, an empty file or a new path
    // is opened for writing (and only then set to WAL).
    const bool ours = recognise(path);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw SpoolBackendError("sqlite: cannot open '" + path + "': " + msg);
    }
    try {
      setup(ours);
    } catch (...) {
      close();
      throw;
    }
  }

  ~SqliteSpoolBackend() override { close(); }

  std::string name() const override { return "sqlite:" + path_; }

  HostId add_host(std::string_view host) override {
    const auto [it, added] = host_ids_.emplace(std::string(host), static_cast<HostId>(hosts_.size()));
    if (added) hosts_.emplace_back(host);
    return it->second;
  }

  void insert(HostId host, UserId user, sim::Time created_at, std::uint64_t bytes) override {
    const std::string& h = host_name(host);
    const std::string username = spool_username(user);
    const std::string xml = spool_row_xml(h, user, bytes);
    const std::string ts = spool_timestamp(created_at);
    sqlite3_stmt* s = insert_->get();
    bind_text(s, 1, username);
    bind_text(s, 2, h);
    bind_text(s, 3, xml);
    bind_text(s, 4, ts);
    step_done(s, "insert");
  }

  SpoolRemoved pop_all(HostId host, UserId user) override {
    // get_and_del_spool_msg_t: select then delete in one transaction.
    return in_transaction([&] {
      SpoolRemoved removed;
      const std::string& h = host_name(host);
      const std::string username = spool_username(user);
      sqlite3_stmt* s = select_user_->get();
      bind_text(s, 1, username);
      bind_text(s, 2, h);
      int rc;
      while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        ++removed.rows;
        removed.bytes += static_cast<std::uint64_t>(sqlite3_column_bytes(s, 1));
      }
      sqlite3_reset(s);
      if (rc != SQLITE_DONE) fail("pop (select)");
      const std::uint64_t deleted = delete_user(h, username);
      if (deleted != removed.rows) fail("pop: selected and deleted row counts differ");
      return removed;
    });
  }

  SpoolRemoved delete_all(HostId host, UserId user) override {
    // The SQL backend does not read what it deletes; bytes come from a sum
    // in the same transaction so the report can say how much was purged.
    return in_transaction([&] {
      SpoolRemoved removed;
      const std::string& h = host_name(host);
      const std::string username = spool_username(user);
      sqlite3_stmt* s = sum_user_->get();
      bind_text(s, 1, username);
      bind_text(s, 2, h);
      if (sqlite3_step(s) != SQLITE_ROW) fail("purge (sum)");
      removed.bytes = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
      sqlite3_reset(s);
      removed.rows = delete_user(h, username);
      return removed;
    });
  }

  std::uint64_t count(HostId host, UserId user) override {
    const std::string username = spool_username(user);
    sqlite3_stmt* s = count_->get();
    bind_text(s, 1, username);
    bind_text(s, 2, host_name(host));
    if (sqlite3_step(s) != SQLITE_ROW) fail("count");
    const auto n = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
    sqlite3_reset(s);
    return n;
  }

  SpoolRemoved delete_expired(sim::Time cutoff) override {
    return in_transaction([&] {
      SpoolRemoved removed;
      const std::string ts = spool_timestamp(cutoff);
      sqlite3_stmt* s = sum_expired_->get();
      bind_text(s, 1, ts);
      if (sqlite3_step(s) != SQLITE_ROW) fail("expire (sum)");
      removed.bytes = static_cast<std::uint64_t>(sqlite3_column_int64(s, 0));
      sqlite3_reset(s);
      s = delete_expired_->get();
      bind_text(s, 1, ts);
      step_done(s, "expire");
      removed.rows = static_cast<std::uint64_t>(sqlite3_changes(db_));
      return removed;
    });
  }

  void begin_batch() override {
    if (in_batch_) throw SpoolBackendError("sqlite: begin_batch inside a batch");
    exec("BEGIN");
    in_batch_ = true;
  }
  void end_batch() override {
    if (!in_batch_) throw SpoolBackendError("sqlite: end_batch without begin_batch");
    in_batch_ = false;
    exec("COMMIT");
  }

  std::vector<SpoolRow> rows() override {
    Statement s(db_, "SELECT server_host, username, created_at, length(xml) FROM spool ORDER BY seq");
    std::vector<SpoolRow> out;
    int rc;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
      SpoolRow r;
      r.host = column_text(s.get(), 0);
      const std::string username = column_text(s.get(), 1);
      const std::string ts = column_text(s.get(), 2);
      if (!parse_spool_username(username, r.user))
        throw SpoolBackendError("sqlite: spool row with foreign username '" + username + "'");
      if (!parse_spool_timestamp(ts, r.created_at))
        throw SpoolBackendError("sqlite: spool row with unreadable created_at '" + ts + "'");
      r.bytes = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 3));
      out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) fail("rows");
    std::stable_sort(out.begin(), out.end(), [](const SpoolRow& a, const SpoolRow& b) {
      return a.host != b.host ? a.host < b.host : a.user < b.user;
    });
    return out;
  }

  std::uint64_t row_count() override { return query_int("SELECT count(*) FROM spool"); }

  std::uint64_t size_bytes() override {
    if (in_batch_) throw SpoolBackendError("sqlite: size_bytes inside a batch");
    sqlite3_exec(db_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    return query_int("PRAGMA page_count") * query_int("PRAGMA page_size");
  }

 private:
  // One transaction per operation unless a batch holds one already.
  template <class F>
  SpoolRemoved in_transaction(F&& body) {
    if (in_batch_) return body();
    exec("BEGIN");
    try {
      SpoolRemoved removed = body();
      exec("COMMIT");
      return removed;
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  // True for a spoolsim database; false for a new path, an empty file or an
  // empty database; throws for anything else, having opened it read-only.
  static bool recognise(const std::string& path) {
    if (path == ":memory:") return false;
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(st)) return false;
    if (!std::filesystem::is_regular_file(st))
      throw SpoolBackendError("sqlite: '" + path + "' is not a regular file");
    if (std::filesystem::file_size(path, ec) == 0 && !ec) return false;
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    auto refuse = [&](const std::string& why) {
      sqlite3_close(db);
      throw SpoolBackendError("sqlite: '" + path + "' " + why + "; refusing to change it (give a new path)");
    };
    if (rc != SQLITE_OK) refuse(std::string("cannot be opened read-only: ") + (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1, &s, nullptr) !=
        SQLITE_OK)
      refuse(std::string("is not a SQLite database spoolsim can read: ") + sqlite3_errmsg(db));
    std::vector<std::string> tables;
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) tables.push_back(column_text(s, 0));
    sqlite3_finalize(s);
    if (step != SQLITE_DONE) refuse(std::string("is not a SQLite database spoolsim can read: ") + sqlite3_errmsg(db));
    sqlite3_close(db);
    if (tables.empty()) return false;
    if (std::find(tables.begin(), tables.end(), "spoolsim_replay") != tables.end()) return true;
    std::string list;
    for (std::size_t i = 0; i < tables.size() && i < 5; ++i) list += (i ? ", " : "") + tables[i];
    if (tables.size() > 5) list += ", ...";
    const bool spool = std::find(tables.begin(), tables.end(), "spool") != tables.end();
    throw SpoolBackendError("sqlite: '" + path + "' already has " +
                            (spool ? std::string("a spool table") : std::string("tables")) + " not made by spoolsim (" +
                            list + "); refusing to change it (give a new path)");
  }

  void setup(bool ours) {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    if (ours) {
      exec("DROP TABLE IF EXISTS spool");
      exec("DROP TABLE spoolsim_replay");
    }
    exec(kSchema);
    exec("INSERT INTO spoolsim_replay VALUES ('spoolsim replay-spool')");
    // mod_offline_sql statements; %(LServer)H is "server_host=?" on the new schema.
    insert_ = std::make_unique<Statement>(
        db_, "INSERT INTO spool(username, server_host, xml, created_at) VALUES (?, ?, ?, ?)");
    select_user_ = std::make_unique<Statement>(
        db_, "SELECT username, xml FROM spool WHERE username=? AND server_host=? ORDER BY seq");
    delete_user_ = std::make_unique<Statement>(db_, "DELETE FROM spool WHERE username=? AND server_host=?");
    sum_user_ = std::make_unique<Statement>(
        db_, "SELECT coalesce(sum(length(xml)), 0) FROM spool WHERE username=? AND server_host=?");
    count_ = std::make_unique<Statement>(db_, "SELECT count(*) FROM spool WHERE username=? AND server_host=?");
    sum_expired_ = std::make_unique<Statement>(db_, "SELECT coalesce(sum(length(xml)), 0) FROM spool WHERE created_at < ?");
    delete_expired_ = std::make_unique<Statement>(db_, "DELETE FROM spool WHERE created_at < ?");
  }

  void close() {
    for (auto* s : {&insert_, &select_user_, &delete_user_, &sum_user_, &count_, &sum_expired_, &delete_expired_})
      s->reset();
    if (in_batch_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

  std::uint64_t delete_user(const std::string& host, const std::string& username) {
    sqlite3_stmt* s = delete_user_->get();
    bind_text(s, 1, username);
    bind_text(s, 2, host);
    step_done(s, "delete");
    return static_cast<std::uint64_t>(sqlite3_changes(db_));
  }

  const std::string& host_name(HostId host) const {
    if (host >= hosts_.size()) throw SpoolBackendError("sqlite: unknown host id " + std::to_string(host));
    return hosts_[host];
  }

  void bind_text(sqlite3_stmt* s, int index, const std::string& text) {
    if (sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
      fail("bind");
  }

  void step_done(sqlite3_stmt* s, const char* what) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) fail(what);
  }

  static std::string column_text(sqlite3_stmt* s, int col) {
    const auto* p = sqlite3_column_text(s, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
             : std::string();
  }

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw SpoolBackendError("sqlite: '" + path_ + "': " + msg + " (in: " + std::string(sql).substr(0, 60) + ")");
    }
  }

  std::uint64_t query_int(const char* sql) {
    Statement s(db_, sql);
    if (sqlite3_step(s.get()) != SQLITE_ROW) fail(sql);
    return static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
  }

  [[noreturn]] void fail(const char* what) {
    throw SpoolBackendError("sqlite: '" + path_ + "': " + what + ": " + sqlite3_errmsg(db_));
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<std::string> hosts_;
  std::unordered_map<std::string, HostId> host_ids_;  // one lookup per new host, not a scan
  bool in_batch_ = false;
  std::unique_ptr<Statement> insert_, select_user_, delete_user_, sum_user_, count_, sum_expired_, delete_expired_;
};

}  // namespace

std::unique_ptr<SpoolBackend> make_sqlite_spool_backend(const std::string& path) {
  return std::make_unique<SqliteSpoolBackend>(path);
}

}  // namespace spoolsim::models

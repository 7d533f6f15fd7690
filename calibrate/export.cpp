// Writing replication 0's world as server records (calibrate/export.hpp).
#include "calibrate/export.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "models/world/world.hpp"
#include "models/world/world_generator.hpp"

namespace spoolsim::calibrate {
namespace {

using namespace spoolsim::models;

std::string user_name(UserId u) { return fmt::format("user{}", u); }

double at(sim::Time t) { return kExportEpoch_s + static_cast<double>(t) / 1e6; }

// ejabberd 24.12's SQLite schema for these two tables (sql/lite.new.sql).
constexpr const char* kSchema = R"(
CREATE TABLE archive (
    username text NOT NULL,
    server_host text NOT NULL,
    timestamp BIGINT UNSIGNED NOT NULL,
    peer text NOT NULL,
    bare_peer text NOT NULL,
    xml text NOT NULL,
    txt text,
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind text,
    nick text,
    origin_id text,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE rosterusers (
    username text NOT NULL,
    server_host text NOT NULL,
    jid text NOT NULL,
    nick text NOT NULL,
    subscription character(1) NOT NULL,
    ask character(1) NOT NULL,
    askmessage text NOT NULL,
    server character(1) NOT NULL,
    subscribe text NOT NULL,
    type text,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
)";

class Sqlite {
 public:
  explicit Sqlite(const std::string& path) : path_(path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) fail("cannot create");
  }
  ~Sqlite() {
    for (sqlite3_stmt* s : statements_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;
  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("write failed");
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) fail("prepare failed");
    statements_.push_back(s);
    return s;
  }
  void step(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) fail("insert failed");
    sqlite3_reset(s);
  }
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

void bind(sqlite3_stmt* s, int i, const std::string& v) { sqlite3_bind_text(s, i, v.c_str(), -1, SQLITE_TRANSIENT); }

// A chat stanza of `size` bytes (or its envelope, when that is longer).
std::string stanza(UserId from, UserId to, MessageId id, std::uint32_t size) {
  const std::string head = fmt::format("<message xmlns='jabber:client' to='{}@{}' from='{}@{}' type='chat' id='m{}'><body>",
                                       user_name(to), kExportHost, user_name(from), kExportHost, id);
  const std::string tail = "</body></message>";
  const std::size_t pad = size > head.size() + tail.size() ? size - head.size() - tail.size() : 1;
  return head + std::string(pad, 'x') + tail;
}

}  // namespace

ExportCounts export_world(const Scenario& scenario, const std::string& sessions_csv, const std::string& archive_sqlite) {
  namespace fs = std::filesystem;
  World world(scenario, 0);
  WorldGenerator generator(world, 0);
  ExportCounts counts;
  const std::string csv_tmp = sessions_csv + ".tmp";
  const std::string db_tmp = archive_sqlite + ".tmp";
  std::ofstream csv;
  if (!sessions_csv.empty()) {
    csv.open(csv_tmp, std::ios::trunc);
    if (!csv) throw std::runtime_error(sessions_csv + ": cannot write");
    csv << "user,resource,client,start,end,end_kind\n";
  }
  std::unique_ptr<Sqlite> db;
  sqlite3_stmt* insert_message = nullptr;
  if (!archive_sqlite.empty()) {
    fs::remove(db_tmp);
    db = std::make_unique<Sqlite>(db_tmp);
    db->exec(kSchema);
    db->exec("BEGIN");
    sqlite3_stmt* roster = db->prepare(
        "INSERT INTO rosterusers (username, server_host, jid, nick, subscription, ask, askmessage, server, subscribe, "
        "type) VALUES (?, ?, ?, ?, 'B', 'N', '', 'N', '', 'item')");
    for (UserId u = 0; u < world.users().size(); ++u) {
      for (const Contact& c : world.contacts().contacts_of(u)) {
        bind(roster, 1, user_name(u));
        bind(roster, 2, kExportHost);
        bind(roster, 3, fmt::format("{}@{}", user_name(c.peer), kExportHost));
        bind(roster, 4, user_name(c.peer));
        db->step(roster);
        ++counts.roster_entries;
      }
    }
    insert_message = db->prepare(
        "INSERT INTO archive (username, server_host, timestamp, peer, bare_peer, xml, txt, kind, nick, origin_id) "
        "VALUES (?, ?, ?, ?, ?, ?, '', 'chat', '', '')");
  }
  std::vector<sim::Time> connected(world.devices().size(), -1);
  WorldEvent e;
  while (generator.next(e)) {
    if (e.kind == WorldEventKind::Connect) {
      connected[e.device] = e.time;
    } else if (e.kind == WorldEventKind::Disconnect) {
      const sim::Time start = connected[e.device];
      connected[e.device] = -1;
      if (start <= 0 || !csv.is_open()) continue;  // up when the records start: its start is not known
      const Device& d = world.devices()[e.device];
      const std::string& client = world.profile_of(e.device).name;
      csv << fmt::format("{}@{},{}.{},{},{:.6f},{:.6f},{}\n", user_name(d.user), kExportHost, client, d.slot, client,
                         at(start),
                         at(e.time), e.abrupt ? "abrupt" : "clean");
      ++counts.sessions;
    } else if (e.kind == WorldEventKind::Send && insert_message != nullptr) {
      const Message& m = world.message(e.message);
      const std::string peer = fmt::format("{}@{}", user_name(m.sender), kExportHost);
      bind(insert_message, 1, user_name(m.recipient));
      bind(insert_message, 2, kExportHost);
      sqlite3_bind_int64(insert_message, 3, static_cast<sqlite3_int64>(kExportEpoch_s * 1e6) + m.sent);
      bind(insert_message, 4, peer);
      bind(insert_message, 5, peer);
      bind(insert_message, 6, stanza(m.sender, m.recipient, e.message, m.size_bytes));
      db->step(insert_message);
      ++counts.messages;
    }
  }
  if (csv.is_open()) {
    csv.close();
    if (!csv) throw std::runtime_error(sessions_csv + ": write failed");
    fs::rename(csv_tmp, sessions_csv);
  }
  if (db) {
    db->exec("COMMIT");
    db.reset();
    fs::rename(db_tmp, archive_sqlite);
  }
  return counts;
}

}  // namespace spoolsim::calibrate

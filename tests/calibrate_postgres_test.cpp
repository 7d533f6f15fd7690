// calibrate reads ejabberd's archive and rosterusers from PostgreSQL
// (--db postgres:CONNINFO) with the same results as from SQLite on the same
// rows: the real ejabberd and Prosody recordings' tables (tests/calibrate/data) copied
// into a throwaway cluster (tests/support/backend_postgres.hpp, started on a
// Unix socket, stopped by its PID), and a missing table is exit status 2
// with the table's name. Skipped when libpq, initdb, psql or sqlite3 is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "calibrate/calibrate.hpp"
#include "support/backend_postgres.hpp"
#include "support/cli_process.hpp"

namespace spoolsim::calibrate {
namespace {

const std::string kData = std::string(SPOOLSIM_SOURCE_DIR) + "/tests/calibrate/data/";

bool have(const char* tool) { return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0; }

// psql on the cluster; the SQL goes through a file, so no shell quoting of it.
void psql(const std::string& conninfo, const std::string& sql, const test::TempDir& dir) {
  const std::string file = (dir.path / "load.sql").string();
  std::ofstream(file) << sql;
  const std::string cmd = "psql -q -v ON_ERROR_STOP=1 '" + conninfo + "' -f '" + file + "' >/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << sql;
}

// One table of a recording's SQLite file copied into the cluster: its rows
// as CSV (sqlite3 -csv), then \copy into `create` (the server's PostgreSQL
// table, with the columns calibrate reads).
void copy_table(const std::string& conninfo, const test::TempDir& dir, const std::string& db, const std::string& table,
                const std::string& columns, const std::string& create) {
  const std::string csv = (dir.path / (table + ".csv")).string();
  const std::string dump = "sqlite3 -csv '" + kData + db + "' 'SELECT " + columns + " FROM " + table + "' > '" + csv + "'";
  ASSERT_EQ(std::system(dump.c_str()), 0) << dump;
  psql(conninfo,
       "SET client_min_messages = warning; DROP TABLE IF EXISTS " + table + ";\n" + create + ";\n\\copy " + table +
           " FROM '" + csv + "' WITH (FORMAT csv)\n",
       dir);
}

// ejabberd's sql/pg.new.sql types for archive and rosterusers.
void load_ejabberd_tables(const std::string& conninfo, const test::TempDir& dir) {
  copy_table(conninfo, dir, "real-ejabberd.sqlite", "archive",
             "username, server_host, timestamp, peer, bare_peer, xml, txt, id, kind",
             "CREATE TABLE archive (username text NOT NULL, server_host text NOT NULL, timestamp BIGINT NOT NULL, "
             "peer text NOT NULL, bare_peer text NOT NULL, xml text NOT NULL, txt text NOT NULL, id BIGSERIAL, "
             "kind text)");
  copy_table(conninfo, dir, "real-ejabberd.sqlite", "rosterusers",
             "username, server_host, jid, nick, subscription, ask, askmessage, server, subscribe, type",
             "CREATE TABLE rosterusers (username text NOT NULL, server_host text NOT NULL, jid text NOT NULL, nick "
             "text NOT NULL, subscription character(1) NOT NULL, ask character(1) NOT NULL, askmessage text NOT "
             "NULL, server character(1) NOT NULL, subscribe text NOT NULL, type text)");
}

// Prosody's mod_storage_sql tables; "when" as double precision, since the
// recorded rows hold fractional seconds.
void load_prosody_tables(const std::string& conninfo, const test::TempDir& dir) {
  copy_table(conninfo, dir, "real-prosody.sqlite", "prosodyarchive",
             "sort_id, host, user, store, \"key\", \"when\", \"with\", type, value",
             "CREATE TABLE prosodyarchive (sort_id BIGINT, host TEXT, \"user\" TEXT, store TEXT, \"key\" TEXT, "
             "\"when\" double precision, \"with\" TEXT, type TEXT, value TEXT)");
  copy_table(conninfo, dir, "real-prosody.sqlite", "prosody", "host, user, store, \"key\", type, value",
             "CREATE TABLE prosody (host TEXT, \"user\" TEXT, store TEXT, \"key\" TEXT, type TEXT, value TEXT)");
}

// Skips without libpq, psql, sqlite3 or a cluster; else conninfo is the
// program's cluster.
class CalibratePostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!postgres_input_available()) GTEST_SKIP() << "built without libpq";
    if (!have("psql") || !have("sqlite3")) GTEST_SKIP() << "psql or sqlite3 not installed";
    std::string why;
    conninfo = testing::backend_postgres_conninfo(why);
    if (conninfo.empty()) GTEST_SKIP() << why;
  }
  // The calibration from the SQLite file `db`, then from the cluster.
  std::pair<Calibration, Calibration> both(const std::string& log, const std::string& db) const {
    Options lite;
    lite.log_path = kData + log;
    lite.db_path = kData + db;
    Options pg = lite;
    pg.db_path = "postgres:" + conninfo;
    return {calibrate(lite), calibrate(pg)};
  }
  std::string conninfo;
  const test::TempDir dir;
};

TEST_F(CalibratePostgres, SameResultsAsSqliteOnTheSameRows) {
  load_ejabberd_tables(conninfo, dir);
  if (HasFatalFailure()) return;
  const auto [a, b] = both("real-ejabberd.log", "real-ejabberd.sqlite");
  ASSERT_GT(a.messages, 500u);
  EXPECT_EQ(b.messages, a.messages);
  ASSERT_TRUE(a.sent_per_user_per_day && b.sent_per_user_per_day);
  EXPECT_DOUBLE_EQ(b.sent_per_user_per_day->value, a.sent_per_user_per_day->value);
  EXPECT_DOUBLE_EQ(b.sent_per_user_per_day->se, a.sent_per_user_per_day->se);
  ASSERT_TRUE(a.stranger_share && b.stranger_share);
  EXPECT_DOUBLE_EQ(b.stranger_share->value, a.stranger_share->value);
  ASSERT_TRUE(a.size && b.size);
  EXPECT_DOUBLE_EQ(b.size->best.a, a.size->best.a);
  // The whole scenario text is the same: same rows, same fits.
  EXPECT_EQ(to_textproto(b), to_textproto(a));
  // Through the command too.
  const auto o = test::run_shell("", "calibrate --log '" + kData + "real-ejabberd.log' --db 'postgres:" + conninfo + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, to_textproto(a));
}

TEST_F(CalibratePostgres, ProsodyTablesGiveTheSameScenario) {
  load_prosody_tables(conninfo, dir);
  if (HasFatalFailure()) return;
  const auto [a, b] = both("real-prosody-debug.log", "real-prosody.sqlite");
  ASSERT_TRUE(a.stranger_share.has_value()) << "the roster store was not read";
  EXPECT_EQ(b.messages, a.messages);
  EXPECT_EQ(to_textproto(b), to_textproto(a));
}

TEST_F(CalibratePostgres, MissingTableIsExitTwoWithItsName) {
  // The cluster is the program's: drop what another test loaded.
  psql(conninfo, "SET client_min_messages = warning; DROP TABLE IF EXISTS archive;\n", dir);
  if (HasFatalFailure()) return;
  const auto o = test::run_shell("", "calibrate --log '" + kData + "real-ejabberd.log' --db 'postgres:" + conninfo +
                                         "'");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("postgres: table archive: missing"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty());
  // A database that does not answer: exit 2 too, without the conninfo (it may hold a password).
  const auto bad = test::run_shell("", "calibrate --log '" + kData + "real-ejabberd.log' --db "
                                       "'postgres:host=/nonexistent-dir dbname=x password=secret'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("postgres: cannot connect"), std::string::npos) << bad.err;
  EXPECT_EQ(bad.err.find("secret"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace spoolsim::calibrate

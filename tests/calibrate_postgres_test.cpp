// calibrate reads ejabberd's archive and rosterusers from PostgreSQL
// (--db postgres:CONNINFO) with the same results as from SQLite on the same
// rows: the real ejabberd recording's tables (tests/calibrate/data) copied
// into a throwaway cluster (tests/support/backend_postgres.hpp, started on a
// Unix socket, stopped by its PID), and a missing table is exit status 2
// with the table's name. Skipped when libpq, initdb, psql or sqlite3 is absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

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

// The recording's rows as CSV files, then loaded into ejabberd's PostgreSQL
// tables (sql/pg.new.sql's columns that calibrate reads, and their types).
void load_ejabberd_tables(const std::string& conninfo, const test::TempDir& dir) {
  const std::string db = kData + "real-ejabberd.sqlite";
  const std::string archive = (dir.path / "archive.csv").string(), roster = (dir.path / "roster.csv").string();
  const std::string dump_archive = "sqlite3 -csv '" + db +
                                   "' 'SELECT username, server_host, timestamp, peer, bare_peer, xml, txt, id, kind "
                                   "FROM archive' > '" + archive + "'";
  const std::string dump_roster = "sqlite3 -csv '" + db +
                                  "' 'SELECT username, server_host, jid, nick, subscription, ask, askmessage, server, "
                                  "subscribe, type FROM rosterusers' > '" + roster + "'";
  ASSERT_EQ(std::system(dump_archive.c_str()), 0);
  ASSERT_EQ(std::system(dump_roster.c_str()), 0);
  psql(conninfo,
       "SET client_min_messages = warning; DROP TABLE IF EXISTS archive; DROP TABLE IF EXISTS rosterusers;\n"
       "CREATE TABLE archive (username text NOT NULL, server_host text NOT NULL, timestamp BIGINT NOT NULL, "
       "peer text NOT NULL, bare_peer text NOT NULL, xml text NOT NULL, txt text NOT NULL, id BIGSERIAL, kind text);\n"
       "CREATE TABLE rosterusers (username text NOT NULL, server_host text NOT NULL, jid text NOT NULL, nick text NOT "
       "NULL, subscription character(1) NOT NULL, ask character(1) NOT NULL, askmessage text NOT NULL, server "
       "character(1) NOT NULL, subscribe text NOT NULL, type text);\n"
       "\\copy archive FROM '" + archive + "' WITH (FORMAT csv)\n"
       "\\copy rosterusers FROM '" + roster + "' WITH (FORMAT csv)\n",
       dir);
}

TEST(CalibratePostgres, SameResultsAsSqliteOnTheSameRows) {
  if (!postgres_input_available()) GTEST_SKIP() << "built without libpq";
  if (!have("psql") || !have("sqlite3")) GTEST_SKIP() << "psql or sqlite3 not installed";
  std::string why;
  const std::string conninfo = testing::backend_postgres_conninfo(why);
  if (conninfo.empty()) GTEST_SKIP() << why;
  const test::TempDir dir;
  load_ejabberd_tables(conninfo, dir);
  if (HasFatalFailure()) return;

  Options lite;
  lite.log_path = kData + "real-ejabberd.log";
  lite.db_path = kData + "real-ejabberd.sqlite";
  Options pg = lite;
  pg.db_path = "postgres:" + conninfo;
  const Calibration a = calibrate(lite), b = calibrate(pg);
  ASSERT_GT(a.messages, 500u);
  EXPECT_EQ(b.messages, a.messages);
  ASSERT_TRUE(a.sent_per_user_per_day && b.sent_per_user_per_day);
  EXPECT_DOUBLE_EQ(b.sent_per_user_per_day->value, a.sent_per_user_per_day->value);
  EXPECT_DOUBLE_EQ(b.sent_per_user_per_day->se, a.sent_per_user_per_day->se);
  ASSERT_TRUE(a.stranger_share && b.stranger_share);
  EXPECT_DOUBLE_EQ(b.stranger_share->value, a.stranger_share->value);
  ASSERT_TRUE(a.size && b.size);
  EXPECT_DOUBLE_EQ(b.size->best.a, a.size->best.a);
  // The whole scenario text is the same, but for nothing: same rows, same fits.
  EXPECT_EQ(to_textproto(b), to_textproto(a));
  // Through the command too.
  const auto o = test::run_shell("", "calibrate --log '" + lite.log_path + "' --db 'postgres:" + conninfo + "'");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.out, to_textproto(a));
}

TEST(CalibratePostgres, MissingTableIsExitTwoWithItsName) {
  if (!postgres_input_available()) GTEST_SKIP() << "built without libpq";
  std::string why;
  const std::string conninfo = testing::backend_postgres_conninfo(why);
  if (conninfo.empty()) GTEST_SKIP() << why;
  // The cluster has no Prosody tables (and, before the other test, no ejabberd ones).
  const auto o = test::run_shell("", "calibrate --log '" + kData + "real-prosody-debug.log' --db 'postgres:" +
                                         conninfo + "' --server prosody");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("postgres: table prosodyarchive: missing"), std::string::npos) << o.err;
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

// calibrate readers on real records (tests/calibrate/data/SOURCES.md):
// ejabberd 24.12's and Prosody 13's logs and SQLite databases written by the
// conformance servers, the sessions CSV, and bad input (exit 2 material:
// file:line or the table).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <fstream>
#include <string>

#include "calibrate/calibrate.hpp"

namespace spoolsim::calibrate {
namespace {

namespace fs = std::filesystem;
const std::string kData = std::string(SPOOLSIM_SOURCE_DIR) + "/tests/calibrate/data/";

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& name, const std::string& text)
      : path(fs::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path); }
  std::string str() const { return path.string(); }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const CalibrateError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CalibrateLogs, EjabberdSessionsCleanAbruptAndResumed) {
  const SessionLog log = read_session_log(kData + "drop-then-resume.ejabberd.log", LogFormat::Ejabberd);
  ASSERT_EQ(log.sessions.size(), 4u);
  // setup (Stream reset by peer: clean), sender (clean), then the laptop twice:
  // dropped, resumed (mod_stream_mgmt), dropped again.
  EXPECT_FALSE(log.sessions[0].abrupt);
  EXPECT_NEAR(log.sessions[0].end_s - log.sessions[0].start_s, 0.071717, 1e-6);
  EXPECT_FALSE(log.sessions[1].abrupt);
  EXPECT_TRUE(log.sessions[2].abrupt);
  EXPECT_TRUE(log.sessions[3].abrupt);
  EXPECT_EQ(log.sessions[2].device, log.sessions[3].device);
  EXPECT_NE(log.sessions[0].device, log.sessions[2].device);
  EXPECT_EQ(log.sessions[0].user, log.sessions[2].user);
  // "Resumed session for" at 01:34:09.263666 after the drop at 01:34:06.742017.
  EXPECT_NEAR(log.sessions[3].start_s - log.sessions[2].end_s, 9.263666 - 6.742017, 1e-6);
  EXPECT_EQ(log.sessions[0].user, hash_name("alice@localhost"));
  EXPECT_TRUE(log.resources_known);
  EXPECT_EQ(log.open_at_end, 0u);  // the shutdown close ends nothing of the device's
}

TEST(CalibrateLogs, EjabberdHibernationTimeout) {
  const SessionLog log = read_session_log(kData + "hibernation-timeout-resend-false.ejabberd.log", LogFormat::Ejabberd);
  ASSERT_EQ(log.sessions.size(), 4u);
  int abrupt = 0;
  for (const Session& s : log.sessions) abrupt += s.abrupt ? 1 : 0;
  EXPECT_EQ(abrupt, 2);  // the phone's two drops
  EXPECT_NEAR(log.sessions[2].end_s - log.sessions[2].start_s, 44.488529 - 43.889420, 1e-6);
}

TEST(CalibrateLogs, ProsodyDebugNamesDevices) {
  const SessionLog log = read_session_log(kData + "hibernation-timeout-resend-false.prosody-debug.log", LogFormat::Prosody);
  ASSERT_EQ(log.sessions.size(), 4u);
  EXPECT_TRUE(log.resources_known);
  EXPECT_FALSE(log.sessions[0].abrupt);  // setup: </stream:stream>, "connection closed"
  EXPECT_DOUBLE_EQ(log.sessions[0].end_s - log.sessions[0].start_s, 1.0);
  EXPECT_FALSE(log.sessions[1].abrupt);  // sender
  EXPECT_DOUBLE_EQ(log.sessions[1].end_s - log.sessions[1].start_s, 14.0);
  EXPECT_TRUE(log.sessions[2].abrupt);  // phone dropped its socket: "closed"
  EXPECT_TRUE(log.sessions[3].abrupt);
  EXPECT_EQ(log.sessions[2].device, log.sessions[3].device);
}

TEST(CalibrateLogs, ProsodyInfoLevelHasNoResources) {
  const SessionLog log = read_session_log(kData + "hibernation-timeout-resend-false.prosody-info.log", LogFormat::Prosody);
  ASSERT_EQ(log.sessions.size(), 4u);
  EXPECT_FALSE(log.resources_known);
  for (const Session& s : log.sessions) EXPECT_TRUE(s.device.empty());
  EXPECT_TRUE(log.sessions[2].abrupt);
  EXPECT_FALSE(log.sessions[0].abrupt);
  EXPECT_EQ(guess_log_format(kData + "hibernation-timeout-resend-false.prosody-info.log"), LogFormat::Prosody);
  EXPECT_EQ(guess_log_format(kData + "drop-then-resume.ejabberd.log"), LogFormat::Ejabberd);
}

TEST(CalibrateLogs, TruncatedLinesAreErrorsWithFileAndLine) {
  std::string text = slurp(kData + "drop-then-resume.ejabberd.log");
  const auto cut = text.find("Opened c2s session for bob");
  ASSERT_NE(cut, std::string::npos);
  const std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(cut), '\n')) + 1;
  TempFile bad("cut.log", text.substr(0, cut + 23) + "\n");
  EXPECT_EQ(error_of([&] { read_session_log(bad.str(), LogFormat::Ejabberd); }),
            bad.str() + ":" + std::to_string(line) + ": truncated \"Opened c2s session\" line: no full JID");
  TempFile prosody("cut-prosody.log", "Dec 02 01:29:13 c2s565031beb580\tinfo\tClient connected\nDec 02 01:29:1");
  EXPECT_EQ(error_of([&] { read_session_log(prosody.str(), LogFormat::Prosody); }),
            prosody.str() + ": no complete session (a login and its end) in 2 lines; is this the c2s log at level info or more?");
  TempFile prosody2("cut-prosody2.log",
                    "Dec 02 01:29:13 c2s565031beb580\tinfo\tClient connected\n"
                    "Dec 02 01:29:13 c2s565031beb580\tinfo\tAuthenticated as ");
  EXPECT_EQ(error_of([&] { read_session_log(prosody2.str(), LogFormat::Prosody); }),
            prosody2.str() + ":2: truncated \"Authenticated as\" line: no JID");
  EXPECT_NE(error_of([&] { read_session_log(kData + "nope.log", LogFormat::Prosody); }).find("cannot open"),
            std::string::npos);
}

TEST(CalibrateLogs, CsvRowsAndErrors) {
  TempFile ok("s.csv",
              "user,resource,client,start,end,end_kind\n"
              "alice,Conversations.ab12,,2026-01-05T10:00:00Z,2026-01-05T11:30:00Z,abrupt\n"
              "alice,Conversations.ab12,,1767614400,1767618000,clean\n");
  const SessionLog log = read_session_log(ok.str(), LogFormat::Csv);
  ASSERT_EQ(log.sessions.size(), 2u);
  EXPECT_EQ(log.sessions[0].client, "conversations");  // from the resource
  EXPECT_TRUE(log.sessions[0].abrupt);
  EXPECT_DOUBLE_EQ(log.sessions[0].end_s - log.sessions[0].start_s, 5400.0);
  EXPECT_DOUBLE_EQ(log.sessions[1].start_s - log.sessions[0].end_s, 1800.0);
  TempFile fields("f.csv", "user,resource,client,start,end,end_kind\nalice,r,c,1,2\n");
  EXPECT_EQ(error_of([&] { read_session_log(fields.str(), LogFormat::Csv); }),
            fields.str() + ":2: 5 fields; allowed: 6 (user,resource,client,start,end,end_kind)");
  TempFile kind("k.csv", "user,resource,client,start,end,end_kind\nalice,r,c,1,2,gone\n");
  EXPECT_EQ(error_of([&] { read_session_log(kind.str(), LogFormat::Csv); }),
            kind.str() + ":2: end_kind: \"gone\"; allowed: clean, abrupt");
  TempFile order("o.csv", "user,resource,client,start,end,end_kind\nalice,r,c,5,2,clean\n");
  EXPECT_EQ(error_of([&] { read_session_log(order.str(), LogFormat::Csv); }), order.str() + ":2: end is before start");
  EXPECT_EQ(error_of([&] { parse_log_format("syslog"); }), "--log-format: \"syslog\"; allowed: ejabberd, prosody, csv");
}

TEST(CalibrateLogs, RealDatabases) {
  const ArchiveData e = read_archive(kData + "hibernation-timeout-resend-false.ejabberd.sqlite", ServerKind::Ejabberd);
  ASSERT_EQ(e.messages.size(), 1u);  // m1, bob -> alice
  EXPECT_TRUE(e.roster_known);
  EXPECT_EQ(e.messages[0].sender, hash_name("bob@localhost"));
  EXPECT_EQ(e.messages[0].recipient, hash_name("alice@localhost"));
  EXPECT_FALSE(e.messages[0].stranger);  // bob is in alice's roster
  EXPECT_TRUE(e.messages[0].recipient_local);
  EXPECT_GT(e.messages[0].size_bytes, 100u);
  // Prosody keeps the message in both archives: counted once.
  const ArchiveData p = read_archive(kData + "hibernation-timeout-resend-false.prosody.sqlite", ServerKind::Prosody);
  EXPECT_EQ(p.rows, 2u);
  ASSERT_EQ(p.messages.size(), 1u);
  EXPECT_EQ(p.messages[0].sender, hash_name("bob@localhost"));
  EXPECT_FALSE(p.messages[0].stranger);
  EXPECT_TRUE(p.roster_known);
}

TEST(CalibrateLogs, BadDatabases) {
  const std::string ej = kData + "hibernation-timeout-resend-false.ejabberd.sqlite";
  EXPECT_EQ(error_of([&] { read_archive(ej, ServerKind::Prosody); }),
            ej + ": table prosodyarchive: missing; is this Prosody's SQL storage (mod_storage_sql)? (--server "
                 "ejabberd|prosody)");
  TempFile text("not.sqlite", "this is not a database, just text that is long enough to have a header......\n");
  EXPECT_NE(error_of([&] { read_archive(text.str(), ServerKind::Ejabberd); }).find(text.str() + ": not an SQLite database"),
            std::string::npos);
}

TEST(CalibrateLogs, TooLittleDataIsRefused) {
  Options o;
  o.log_path = kData + "drop-then-resume.ejabberd.log";
  const std::string e = error_of([&] { calibrate(o); });
  EXPECT_NE(e.find("too little data to fit connectivity: client unknown has 4 complete sessions and 1 offline gaps"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("at least 30 of each"), std::string::npos) << e;
}

}  // namespace
}  // namespace spoolsim::calibrate

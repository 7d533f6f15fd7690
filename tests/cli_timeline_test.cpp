// `spoolsim timeline` (issue 13): every conformance case through the replica
// of each server's preset, against the table recorded from that real server
// (tests/conformance/cases/NAME.SERVER.expected). Cases listed in
// known-differences must still differ (a model change that fixes one must
// update the list and docs/conformance.md); all others must match line by line.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace spoolsim {
namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(SPOOLSIM_SOURCE_DIR) / "tests" / "conformance" / "cases";

std::string binary() {
  const char* env = std::getenv("SPOOLSIM_BIN");
  return env && *env ? env : SPOOLSIM_BINARY_DIR "/spoolsim";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The table without its first line ("# timeline NAME on SERVER").
std::string body(const std::string& table) {
  const auto nl = table.find('\n');
  return nl == std::string::npos ? "" : table.substr(nl + 1);
}

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

Outcome run(const std::string& args) {
  const fs::path dir = fs::temp_directory_path() / ("spoolsim_timeline_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string cmd = binary() + " " + args + " >" + (dir / "out").string() + " 2>" + (dir / "err").string();
  const int raw = std::system(cmd.c_str());
  Outcome o{WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir / "out"), slurp(dir / "err")};
  fs::remove_all(dir);
  return o;
}

std::set<std::string> known_differences() {
  std::set<std::string> known;
  std::istringstream in(slurp(kCases / "known-differences"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') known.insert(line);
  }
  return known;
}

TEST(CliTimeline, ReplicaMatchesEveryRecordingExceptTheListedDifferences) {
  const std::set<std::string> known = known_differences();
  const std::pair<const char*, const char*> servers[] = {{"prosody", "prosody-13"}, {"ejabberd", "ejabberd-24.12"}};
  int compared = 0;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() != ".textproto") continue;
    const std::string name = entry.path().stem().string();
    for (const auto& [server, preset] : servers) {
      const fs::path expected = kCases / (name + "." + server + ".expected");
      ASSERT_TRUE(fs::exists(expected)) << "no recording " << expected << " (tests/conformance/run-suite --record)";
      const Outcome o = run(std::string("timeline --preset ") + preset + " " + entry.path().string());
      ASSERT_EQ(o.status, 0) << name << " " << server << ": " << o.err;
      const bool listed = known.count(name + " " + server) != 0;
      if (listed) {
        EXPECT_NE(body(o.out), body(slurp(expected))) << name << " " << server << " agrees now: update known-differences";
      } else {
        EXPECT_EQ(body(o.out), body(slurp(expected))) << name << " " << server;
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 40);  // 20+ cases on two servers
}

// The lines of `spoolsim timeline` for a small timeline text.
std::string timeline_of(const std::string& text, const std::string& preset) {
  const fs::path file = fs::temp_directory_path() / ("spoolsim_timeline_case_" + std::to_string(::getpid()) + ".textproto");
  std::ofstream(file) << text;
  const Outcome o = run("timeline --preset " + preset + " " + file.string());
  fs::remove(file);
  EXPECT_EQ(o.status, 0) << o.err;
  return body(o.out);
}

// D9 of docs/conformance.md (R7.4): a stalled device leaves a zombie that
// swallows what is routed to it until the server notices; a drop is seen at
// once on loopback, so the same message goes to the spool.
TEST(CliTimeline, StalledDeviceIsAZombieUntilTheServerNotices) {
  const std::string head =
      "name: \"stall\"\nserver { zombie_detect_delay { constant: \"4s\" } }\n"
      "users { name: \"bob\" roster: \"alice\" }\nusers { name: \"alice\" roster: \"bob\" mam_default: \"always\" }\n"
      "devices { name: \"phone\" user: \"alice\" client { auth: \"sasl1\" stream_management: false } }\n"
      "steps { at: \"0s\" login: \"phone\" }\n";
  const std::string tail =
      "steps { at: \"1500ms\" send { id: \"m1\" from: \"bob\" to: \"alice\" } }\n"
      "steps { at: \"8s\" send { id: \"m2\" from: \"bob\" to: \"alice\" } }\n"
      "steps { at: \"10s\" login: \"phone\" }\n";
  const std::string stalled = timeline_of(head + "steps { at: \"1s\" stall: \"phone\" }\n" + tail, "ejabberd-24.12");
  EXPECT_NE(stalled.find("m1 alice/phone -\n"), std::string::npos) << stalled;        // the zombie had it
  EXPECT_NE(stalled.find("m2 alice/phone offline\n"), std::string::npos) << stalled;  // noticed after 4 s
  const std::string dropped = timeline_of(head + "steps { at: \"1s\" drop: \"phone\" }\n" + tail, "ejabberd-24.12");
  EXPECT_NE(dropped.find("m1 alice/phone offline\n"), std::string::npos) << dropped;
}

// R7.2/R7.5: an orphan (a new user-agent id at each Bind2 login) ends at its
// resume timeout; with resend_on_timeout true what it held is routed again,
// with a delay stamp, to the sessions online then: the phone's new one and
// the laptop (a duplicate there). With false it is dropped (archived).
TEST(CliTimeline, AnOrphanResendingToOnlineDevicesIsAttributed) {
  const auto text = [](const std::string& resend) {
    return "name: \"orphan-resend\"\n"
           "server { stream_management { resume_timeout: \"3s\" resend_on_timeout: \"" + resend + "\" } }\n"
           "users { name: \"bob\" roster: \"alice\" }\nusers { name: \"alice\" roster: \"bob\" mam_default: \"always\" }\n"
           "devices { name: \"phone\" user: \"alice\" client { auth: \"sasl2_bind2\" stream_management: true "
           "new_user_agent_each_login: true } }\n"
           "devices { name: \"laptop\" user: \"alice\" client { auth: \"sasl1\" stream_management: true } }\n"
           "steps { at: \"0s\" login: \"phone\" }\nsteps { at: \"0s\" login: \"laptop\" }\n"
           "steps { at: \"1s\" drop: \"phone\" }\n"
           "steps { at: \"1500ms\" send { id: \"m1\" from: \"bob\" to: \"alice\" } }\n"
           "steps { at: \"2s\" login: \"phone\" }\n"
           "steps { at: \"6s\" send { id: \"m2\" from: \"bob\" to: \"alice\" } }\n";
  };
  const std::string resent = timeline_of(text("true"), "ejabberd-24.12");
  // R7.5 resend_while_registered: twice to each session online at the end.
  EXPECT_NE(resent.find("m1 alice/phone offline+offline\n"), std::string::npos) << resent;
  EXPECT_NE(resent.find("m1 alice/laptop live+offline+offline\n"), std::string::npos) << resent;
  EXPECT_NE(resent.find("m1 error -\n"), std::string::npos) << resent;
  const std::string dropped = timeline_of(text("false"), "ejabberd-24.12");
  EXPECT_NE(dropped.find("m1 alice/phone -\n"), std::string::npos) << dropped;
  EXPECT_NE(dropped.find("m1 alice/laptop live\n"), std::string::npos) << dropped;
}

TEST(CliTimeline, UnknownDeviceInAStepIsBadInput) {
  const fs::path file = fs::temp_directory_path() / ("spoolsim_timeline_bad_" + std::to_string(::getpid()) + ".textproto");
  std::ofstream(file) << "name: \"bad\"\nusers { name: \"alice\" }\nsteps { at: \"1s\" login: \"tablet\" }\n";
  const Outcome o = run("timeline " + file.string());
  fs::remove(file);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("steps[0]: unknown device \"tablet\""), std::string::npos) << o.err;
}

// D3/D4 of docs/conformance.md: an option of one server only.
TEST(CliTimeline, ServerOverrideAppliesOnlyToPresetsItNames) {
  const fs::path file = fs::temp_directory_path() / ("spoolsim_timeline_scoped_" + std::to_string(::getpid()) + ".textproto");
  std::ofstream(file) << "name: \"scoped\"\nusers { name: \"alice\" }\n"
                         "server_overrides { server: \"ejabberd\" settings { offline { max_user_messages: 2 } } }\n";
  const Outcome ejabberd = run("timeline --emit-json --preset ejabberd-24.12 " + file.string());
  const Outcome prosody = run("timeline --emit-json --preset prosody-13 " + file.string());
  fs::remove(file);
  ASSERT_EQ(ejabberd.status, 0) << ejabberd.err;
  ASSERT_EQ(prosody.status, 0) << prosody.err;
  EXPECT_NE(ejabberd.out.find("\"max_user_messages\":\"2\""), std::string::npos) << ejabberd.out;
  EXPECT_NE(prosody.out.find("\"max_user_messages\":\"10000\""), std::string::npos) << prosody.out;
  EXPECT_NE(ejabberd.out.find("\"preset\":\"ejabberd-24.12\""), std::string::npos) << "the override keeps the preset";
}

TEST(CliTimeline, ServerOverrideForNoPresetIsBadInput) {
  const fs::path file = fs::temp_directory_path() / ("spoolsim_timeline_typo_" + std::to_string(::getpid()) + ".textproto");
  std::ofstream(file) << "name: \"typo\"\nusers { name: \"alice\" }\n"
                         "server_overrides { server: \"ejaberd\" settings { offline { max_user_messages: 2 } } }\n";
  const Outcome o = run("timeline " + file.string());
  fs::remove(file);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("server_overrides[0].server: \"ejaberd\""), std::string::npos) << o.err;
}

TEST(CliTimeline, SyntaxErrorNamesFileLineAndColumn) {
  const fs::path file = fs::temp_directory_path() / ("spoolsim_timeline_syntax_" + std::to_string(::getpid()) + ".textproto");
  std::ofstream(file) << "name: \"bad\"\nusers { nmae: \"alice\" }\n";
  const Outcome o = run("timeline " + file.string());
  fs::remove(file);
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find(file.string() + ":2:"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace spoolsim

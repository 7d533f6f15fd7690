// --preset-dir end to end: every command that loads scenarios takes it, the
// operator's presets are listed with their file, `explain` says where each
// preset came from, and a bad preset file exits 2 with file:line.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"

namespace spoolsim {
namespace {

namespace fs = std::filesystem;

using test::Outcome;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CliPresetDir : public test::CliFolderTest {
 protected:
  void SetUp() override {
    CliFolderTest::SetUp();
    fs::create_directories(dir_ / "presets" / "servers");
    fs::create_directories(dir_ / "presets" / "clients");
  }
  std::string presets() const { return (dir_ / "presets").string(); }
};

TEST_F(CliPresetDir, EveryScenarioCommandTakesTheOption) {
  for (const char* sub : {"run", "validate", "explain", "presets", "analyze"}) {
    const Outcome o = run({sub, "--help"});
    EXPECT_EQ(o.status, 0) << sub << ": " << o.err;
    EXPECT_TRUE(contains(o.out, "--preset-dir")) << sub << ": " << o.out;
  }
}

TEST_F(CliPresetDir, OperatorPresetsAreListedExplainedAndRun) {
  const fs::path own = write("presets/servers/ejabberd-24.12.textproto",
                             "# our 24.12\npreset: \"ejabberd-24.12\"\noffline { max_user_messages: 321 }\n");
  write("presets/servers/acme-1.textproto", "# ACME\npreset: \"ejabberd-24.02\"\n");
  const Outcome list = run({"presets", "servers", "--preset-dir", presets()});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_TRUE(contains(list.out, "  acme-1  (" + (dir_ / "presets/servers/acme-1.textproto").string() + ")\n"))
      << list.out;
  EXPECT_TRUE(contains(list.out, "  ejabberd-24.12  (" + own.string() + ", overrides the built-in one)\n"))
      << list.out;
  EXPECT_TRUE(contains(list.out, "  ejabberd-24.02\n")) << list.out;

  const Outcome explained = run({"explain", "--preset-dir", presets(), "--set", "server.preset=ejabberd-24.12"});
  ASSERT_EQ(explained.status, 0) << explained.err;
  EXPECT_TRUE(contains(explained.out, "# server preset ejabberd-24.12: " + own.string() +
                                          " (--preset-dir), overriding the built-in one; starts from ejabberd-24.12:"
                                          " built-in scenarios/presets/servers/ejabberd-24.12.textproto\n"))
      << explained.out;
  EXPECT_TRUE(contains(explained.out, "max_user_messages: 321")) << explained.out;
  const Outcome plain = run({"explain", "--set", "server.preset=ejabberd-24.12"});
  EXPECT_TRUE(contains(plain.out, "# server preset ejabberd-24.12: built-in scenarios/presets/servers/")) << plain.out;

  const Outcome ran = run({"run", "--preset-dir", presets(), "--set", "server.preset=acme-1", "--set",
                           "population.users=30", "--set", "horizon=2d", "--set", "warmup=12h", "--set", "drain=12h",
                           "--replications", "1", "--strategies", "deliver", "--format", "json"});
  EXPECT_EQ(ran.status, 0) << ran.err;
  EXPECT_TRUE(contains(ran.out, "\"server_preset\": \"acme-1\"")) << ran.out.substr(0, 400);
}

TEST_F(CliPresetDir, ABadPresetFileExitsTwoWithFileAndLine) {
  const fs::path bad = write("presets/clients/phone.textproto", "# phone\nauth: \"sasl2_bind2\"\ncatchup_order: sideways\n");
  const fs::path scenario = write("s.textproto", "population { users: 10 }\n");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"validate", "--preset-dir", presets(), scenario.string()},
           {"presets", "--preset-dir", presets()},
           {"explain", "--preset-dir", presets()}}) {
    const Outcome o = run(args);
    EXPECT_EQ(o.status, 2) << args[0] << ": " << o.err;
    EXPECT_EQ(o.out, "") << args[0];
    EXPECT_TRUE(contains(o.err, bad.string() + ":3:")) << args[0] << ": " << o.err;
  }
  const Outcome missing = run({"presets", "--preset-dir", (dir_ / "nowhere").string()});
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(contains(missing.err, "not a folder")) << missing.err;
}

TEST_F(CliPresetDir, AnUnknownReleaseListsTheKnownOnes) {
  const Outcome o = run({"explain", "--set", "server.preset=ejabberd-24.08"});
  EXPECT_EQ(o.status, 2);
  EXPECT_TRUE(contains(o.err, "unknown server preset \"ejabberd-24.08\"; known: ")) << o.err;
  EXPECT_TRUE(contains(o.err, "ejabberd-24.07")) << o.err;
  EXPECT_TRUE(contains(o.err, "ejabberd-24.12")) << o.err;
  EXPECT_FALSE(contains(o.err, "did you mean")) << o.err;
}

}  // namespace
}  // namespace spoolsim

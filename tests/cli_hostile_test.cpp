// Hostile but fair command lines (issue 16), run against the built binary:
// every case gets exit 2 with a clear message and nothing on stdout, or the
// right result; output that cannot be written is never exit 0.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/cli_fixture.hpp"

#include "cli/terminal_text.hpp"

namespace spoolsim {
namespace {

namespace fs = std::filesystem;

using test::Outcome;
using test::slurp_file;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CliHostile : public test::CliFolderTest {};

std::vector<std::string> tiny(std::vector<std::string> args) {
  for (const char* a : {"--set", "population.users=20", "--set", "horizon=2d", "--set", "warmup=12h", "--set",
                        "drain=12h", "--replications", "1"}) {
    args.emplace_back(a);
  }
  return args;
}

void expect_bad(const Outcome& o, const std::string& part) {
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_EQ(o.out, "");
  EXPECT_TRUE(has(o.err, part)) << o.err;
}

// `run`, `validate` and `explain` to /dev/full exited 0.
TEST_F(CliHostile, FullDiskIsNeverExitZero) {
  const fs::path good = write("good.textproto", "name: \"good\"\n");
  for (const auto& args : {std::vector<std::string>{"explain"}, std::vector<std::string>{"validate", good.string()},
                           tiny({"run", "--format", "json"}), tiny({"run"}), tiny({"run", "--format", "csv"})}) {
    const Outcome o = run(args, "/dev/full");
    EXPECT_EQ(o.status, 2) << args[0] << ": " << o.err;
    EXPECT_TRUE(has(o.err, "cannot write to standard output")) << o.err;
  }
}

// A byte that is not UTF-8 in an argument made `run --format json` fail
// with "internal error" after the whole run.
TEST_F(CliHostile, ArgumentThatIsNotUtf8IsRefusedAtTheStart) {
  const Outcome path = run(tiny({"run", "--format", "json", "s\xff.textproto"}));
  expect_bad(path, "argument 4 (s\\xff.textproto) is not valid UTF-8 at byte 1");
  const Outcome set = run(tiny({"run", "--format", "json", "--set", "name=caf\xe9"}));
  expect_bad(set, "is not valid UTF-8 at byte 8");
}

TEST_F(CliHostile, ScenarioNameThatIsNotUtf8IsRefusedBeforeTheRun) {
  const fs::path bad = write("bad.textproto", "name: \"caf\xe9\"\n");
  expect_bad(run(tiny({"run", "--format", "json", bad.string()})), "name: not valid UTF-8 at byte 3");
  expect_bad(run({"validate", bad.string()}), "name: not valid UTF-8 at byte 3");
}

TEST_F(CliHostile, ControlCharactersReachNoTerminal) {
  const fs::path ansi = write("ansi.textproto", "name: \"\\x1b[31mred\"\n");
  const Outcome table = run(tiny({"run", ansi.string()}));
  EXPECT_EQ(table.status, 0) << table.err;
  EXPECT_FALSE(has(table.out, "\x1b")) << table.out.substr(0, 200);
  EXPECT_TRUE(has(table.out, "scenario \"\\x1b[31mred\"")) << table.out.substr(0, 200);
  const Outcome json = run(tiny({"run", "--format", "json", ansi.string()}));
  EXPECT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["scenario"], "\x1b[31mred");
  // Echoed in an error message, too.
  const Outcome err = run({"run", "--set", "population.users=\x1b[2J"});
  EXPECT_EQ(err.status, 2);
  EXPECT_FALSE(has(err.err, "\x1b")) << err.err;
}

TEST_F(CliHostile, DirectoryIsNotAScenario) {
  expect_bad(run({"validate", dir_.string()}), "it is a directory");
  expect_bad(run(tiny({"run", dir_.string()})), "it is a directory");
}

TEST_F(CliHostile, FifoIsRefusedWithoutWaiting) {
  const fs::path fifo = dir_ / "s.textproto";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_bad(run({"validate", fifo.string()}), "it is a FIFO");
  expect_bad(run({"explain", "/dev/zero"}), "it is a character device");
}

TEST_F(CliHostile, DashReadsStandardInput) {
  const fs::path in = write("in.textproto", "name: \"piped\"\n");
  const Outcome o = run({"explain", "-"}, "", in.string());
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(has(o.out, "# Resolved from <stdin>")) << o.out;
  EXPECT_TRUE(has(o.out, "name: \"piped\"")) << o.out;
  // /dev/zero as standard input stops at the limit.
  expect_bad(run({"validate", "-"}, "", "/dev/zero"), "<stdin>: cannot read scenario: larger than the limit of 4 MiB");
}

// --seed -1 and --seed 2^64 ran as seed 2^64-1.
TEST_F(CliHostile, SeedIsParsedLikeTheFile) {
  expect_bad(run(tiny({"run", "--seed", "-1"})), "--seed -1: not a whole number");
  expect_bad(run(tiny({"run", "--seed", "18446744073709551616"})), "--seed 18446744073709551616: too large");
  expect_bad(run(tiny({"run", "--seed", "+3"})), "--seed +3: not a whole number");
  const Outcome max = run(tiny({"run", "--format", "json", "--seed", "18446744073709551615"}));
  ASSERT_EQ(max.status, 0) << max.err;
  EXPECT_EQ(nlohmann::json::parse(max.out)["seed"].get<std::uint64_t>(), 18446744073709551615ull);
}

TEST_F(CliHostile, OutUnderAFileSaysTheParentIsNotAFolder) {
  const fs::path file = write("plain", "x");
  expect_bad(run(tiny({"run", "--out", (file / "x").string()})), (file.string() + " is not a folder"));
  expect_bad(run(tiny({"run", "--out", (dir_ / "none" / "x").string()})), "does not exist");
}

// "ok" lines went to stdout although validate exited 2.
TEST_F(CliHostile, ValidateGoodBadLeavesStdoutEmpty) {
  const fs::path good = write("good.textproto", "name: \"good\"\n");
  const fs::path bad = write("bad.textproto", "name: \"bad\"\nreplications: 0\n");
  const Outcome o = run({"validate", good.string(), bad.string(), good.string()});
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.out, "");
  const auto first = o.err.find(good.string() + ": ok\n");
  const auto error = o.err.find("bad.textproto");
  const auto last = o.err.rfind(good.string() + ": ok\n");
  EXPECT_LT(first, error) << o.err;
  EXPECT_LT(error, last) << o.err;
}

TEST_F(CliHostile, LongInputsGiveShortMessages) {
  const Outcome set = run({"validate", "--set", std::string(40000, 'f') + "=1", "-"}, "",
                          write("s.textproto", "name: \"s\"\n").string());
  expect_bad(set, "unknown field \"ffff");
  EXPECT_LT(set.err.size(), 1200u);
}

TEST(CliTerminalText, EscapesControlsAndBadBytes) {
  EXPECT_EQ(cli::printable("plain caf\xc3\xa9"), "plain caf\xc3\xa9");
  EXPECT_EQ(cli::printable("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(cli::printable("a\nb\tc"), "a\\x0ab\\x09c");
  EXPECT_EQ(cli::printable("a\nb", true), "a\nb");
  EXPECT_EQ(cli::printable("x\xffy"), "x\\xffy");
  EXPECT_EQ(cli::printable("\x7f"), "\\x7f");
  EXPECT_EQ(cli::printable("\xc2\x9b"), "\\u009b");  // C1 control sequence introducer
  EXPECT_EQ(cli::printable("cut\xe2\x82"), "cut\\xe2\\x82");
}

}  // namespace
}  // namespace spoolsim

// The size check end to end (issue 16, docs/sizing.md): `run` refuses what
// would not fit this machine's memory (exit 2, the estimate and the limit on
// stderr, nothing on stdout) and --force runs it anyway; `validate` judges
// the file alone; a long run is announced; `explain` shows the estimate.
// Huge scenarios are only ever refused here, never run: a small limit
// (SPOOLSIM_MEMORY_LIMIT) makes a tiny scenario "too big" for --force.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli/size_check.hpp"
#include "support/cli_process.hpp"

namespace spoolsim::cli {
namespace {

using test::run_shell;
using test::run_spoolsim;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kHuge = "--set population.users=100000000";
const char* kTiny = "--set population.users=40 --set horizon=3d --set warmup=1d --set drain=1d --replications 2";

TEST(CliSizeCheck, RunRefusesAScenarioLargerThanThisMachine) {
  const test::Outcome o = run_spoolsim(std::string("run ") + kHuge);
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
  EXPECT_TRUE(contains(o.err, "spoolsim run: the run would need about")) << o.err;
  EXPECT_TRUE(contains(o.err, "GiB of memory") || contains(o.err, "TiB of memory")) << o.err;
  EXPECT_TRUE(contains(o.err, "100000000 users")) << o.err;
  EXPECT_TRUE(contains(o.err, "is available (")) << o.err;
  EXPECT_TRUE(contains(o.err, "--force")) << o.err;
}

TEST(CliSizeCheck, EveryCommandThatRunsSimulationsChecks) {
  for (const std::string args :
       {std::string("sweep --vary traffic.messages_per_user_per_day=10,20 ") + kHuge,
        std::string("compare --preset ejabberd-24.02 --preset ejabberd-24.12 ") + kHuge,
        std::string("analyze scenarios/r13-one-device.textproto ") + kHuge}) {
    const test::Outcome o = run_shell("cd '" SPOOLSIM_SOURCE_DIR "' &&", args);
    EXPECT_EQ(o.status, 2) << args << "\n" << o.err;
    EXPECT_TRUE(o.out.empty()) << args;
    EXPECT_TRUE(contains(o.err, "of memory")) << args << "\n" << o.err;
    EXPECT_TRUE(contains(o.err, "--force")) << args << "\n" << o.err;
  }
}

TEST(CliSizeCheck, ForceRunsPastTheLimit) {
  // 1 MiB: less than any run needs, so the tiny scenario is "too big".
  const test::Outcome refused = run_shell("SPOOLSIM_MEMORY_LIMIT=1M", std::string("run ") + kTiny);
  EXPECT_EQ(refused.status, 2) << refused.err;
  EXPECT_TRUE(refused.out.empty());
  EXPECT_TRUE(contains(refused.err, "1.0 MiB is available (SPOOLSIM_MEMORY_LIMIT)")) << refused.err;

  const test::Outcome forced = run_shell("SPOOLSIM_MEMORY_LIMIT=1M", std::string("run --force --format csv ") + kTiny);
  EXPECT_EQ(forced.status, 0) << forced.err;
  EXPECT_TRUE(contains(forced.out, "deliver")) << forced.out;
  EXPECT_TRUE(contains(forced.err, "warning: --force: running although the run would need")) << forced.err;
}

// Issue 16 item 8: 10^5 users with mean degree 10,000 (10^9 roster entries,
// about 26 GB of rosters) ran into the machine's memory; the roster term makes
// the check refuse it on a 24 GiB machine.
TEST(CliSizeCheck, AHugeRosterIsRefusedByMemory) {
  const test::Outcome o = run_shell("SPOOLSIM_MEMORY_LIMIT=24G",
                                    "run --set population.users=100000 --set contacts.mean_degree=10000");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_TRUE(o.out.empty());
  EXPECT_TRUE(contains(o.err, "of memory")) << o.err;
}

TEST(CliSizeCheck, ValidateJudgesTheFileNotTheMachine) {
  const test::TempDir dir;
  const std::string file = (dir.path / "huge.textproto").string();
  {
    std::ofstream(file) << "population { users: 100000000 }\n";
  }
  for (const char* limit : {"", "SPOOLSIM_MEMORY_LIMIT=1"}) {
    const test::Outcome o = run_shell(limit, "validate '" + file + "'");
    EXPECT_EQ(o.status, 0) << limit << ": " << o.err;
    EXPECT_EQ(o.out, file + ": ok\n") << limit;
  }
}

TEST(CliSizeCheck, ExplainShowsTheEstimate) {
  const test::Outcome o = run_spoolsim("explain");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "# Size estimate: about ")) << o.out.substr(0, 2000);
  EXPECT_TRUE(contains(o.out, "2000 users")) << o.out.substr(0, 2000);
  EXPECT_TRUE(contains(o.out, " available (")) << o.out.substr(0, 2000);
  const test::Outcome huge = run_spoolsim(std::string("explain ") + kHuge);
  EXPECT_EQ(huge.status, 0) << huge.err;  // explain says, it does not refuse
  EXPECT_TRUE((contains(huge.out, "GiB of memory") || contains(huge.out, "TiB of memory"))) << huge.out.substr(0, 2000);
}

TEST(CliSizeCheck, ALongRunIsAnnouncedBeforeItStarts) {
  // 10000 replications of the default: hours of CPU in little memory. The warning
  // comes before the first replication; `timeout` ends the run after it.
  const test::Outcome o = run_shell(
      "timeout 5", "run --replications 10000 --threads 1 --set population.users=2000");
  EXPECT_NE(o.status, 0);  // ended by timeout, not finished
  EXPECT_TRUE(o.out.empty());
  EXPECT_TRUE(contains(o.err, "spoolsim run: warning: this run is estimated to take")) << o.err;
  EXPECT_TRUE(contains(o.err, "10000 replications")) << o.err;
}

TEST(CliSizeCheck, Verdicts) {
  scenarios::ResourceEstimate e;
  e.peak_bytes = 2e9;
  e.wall_seconds = 10;
  e.basis = "b";
  EXPECT_TRUE(judge_size(e, 1'000'000'000, "x", false).refuse);
  EXPECT_FALSE(judge_size(e, 1'000'000'000, "x", true).refuse);
  EXPECT_TRUE(judge_size(e, 1'000'000'000, "x", true).warn);
  EXPECT_FALSE(judge_size(e, 4'000'000'000, "x", false).refuse);
  EXPECT_TRUE(judge_size(e, 4'000'000'000, "x", false).message.empty());
  EXPECT_FALSE(judge_size(e, 0, "unknown", false).refuse);  // unknown limit: never refused
  e.wall_seconds = kWarnWallSeconds + 1;
  const SizeVerdict slow = judge_size(e, 4'000'000'000, "x", false);
  EXPECT_FALSE(slow.refuse);
  EXPECT_TRUE(slow.warn);
  EXPECT_TRUE(contains(slow.message, "estimated to take 3 min")) << slow.message;
}

}  // namespace
}  // namespace spoolsim::cli

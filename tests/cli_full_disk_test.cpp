// A full disk (issue 16): every command whose output goes to /dev/full exits 2
// and says what failed and why ("No space left on device"), never exit 0 with
// a partial report.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/cli_process.hpp"

namespace spoolsim::cli {
namespace {

// spoolsim ARGS >/dev/full, run in the source folder; the status and stderr.
test::Outcome to_full_disk(const std::string& args) {
  const test::TempDir dir;
  const std::filesystem::path err = dir.path / "stderr";
  const std::string cmd = "cd '" SPOOLSIM_SOURCE_DIR "' && '" + test::spoolsim_binary() + "' " + args +
                          " >/dev/full 2>'" + err.string() + "' </dev/null";
  const int raw = std::system(cmd.c_str());
  test::Outcome o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.err = test::slurp_file(err);
  return o;
}

const std::string kSmall = " --set population.users=20 --set horizon=3d --set warmup=1d --set drain=1d --replications 2";

TEST(CliFullDisk, EveryCommandSaysWhatFailedAndWhy) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const std::vector<std::string> commands = {
      "validate scenarios/default.textproto",
      "explain",
      "explain scenarios/spool-limit.textproto",
      "presets",
      "run" + kSmall,
      "run --format json" + kSmall,
      "run --format csv" + kSmall,
      "sweep --vary traffic.messages_per_user_per_day=5,10" + kSmall,
      "compare --preset ejabberd-24.02 --preset ejabberd-24.12" + kSmall,
      "import ejabberd --release 24.12 tests/import/data/upstream-ejabberd-24.12.yml",
      "import prosody --release 13 tests/import/data/debian-prosody-13.cfg.lua",
  };
  for (const std::string& c : commands) {
    const test::Outcome o = to_full_disk(c);
    EXPECT_EQ(o.status, 2) << c << "\n" << o.err;
    EXPECT_NE(o.err.find("cannot write to standard output: No space left on device"), std::string::npos)
        << c << "\n" << o.err;
  }
}

}  // namespace
}  // namespace spoolsim::cli

// Issue 7: `spoolsim replay-spool` exit statuses and report, through the
// real binary ($SPOOLSIM_BIN, else SPOOLSIM_BINARY_DIR/spoolsim).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "replay/spool_trace_file.hpp"
#include "support/backend_tempdir.hpp"

namespace spoolsim::models {
namespace {

using testing::BackendTempDir;

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

std::string binary() {
  if (const char* env = std::getenv("SPOOLSIM_BIN"); env && *env) return env;
  return std::string(SPOOLSIM_BINARY_DIR) + "/spoolsim";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Outcome run(const BackendTempDir& dir, const std::string& args) {
  const std::string out = dir.file("stdout.txt"), err = dir.file("stderr.txt");
  const std::string cmd = "'" + binary() + "' " + args + " >'" + out + "' 2>'" + err + "' </dev/null";
  const int rc = std::system(cmd.c_str());
  Outcome o;
  o.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  o.out = slurp(out);
  o.err = slurp(err);
  return o;
}

class BackendCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(binary())) GTEST_SKIP() << "spoolsim binary not built: " << binary();
    if (run(dir_, "replay-spool --help").status != 0) GTEST_SKIP() << "this spoolsim has no replay-spool command";
    trace_ = dir_.file("deliver.spooltrace");
    SpoolTraceWriter w(trace_, StrategyKind::Deliver);
    for (std::uint32_t i = 0; i < 200; ++i) {
      SpoolOperation op;
      op.time = i * sim::kMinute;
      op.user = i % 17;
      op.kind = i % 4 == 3 ? StoreOp::Pop : StoreOp::Insert;
      op.rows = 1;
      op.bytes = 300;
      w.write(0, op);
    }
    w.close();
  }
  BackendTempDir dir_;
  std::string trace_;
};

TEST_F(BackendCli, ReplaysIntoMemoryAndSqlite) {
  Outcome o = run(dir_, "replay-spool '" + trace_ + "' --backend memory");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_NE(o.out.find("insert"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("final:"), std::string::npos) << o.out;
  EXPECT_EQ(o.err.find('\r'), std::string::npos) << "no progress bar when stderr is not a terminal";
  const std::string db = dir_.file("replay.db");
  o = run(dir_, "replay-spool '" + dir_.path().string() + "' --backend 'sqlite:" + db + "' --batch 10");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(std::filesystem::exists(db));
}

TEST_F(BackendCli, BadInputExitsTwoWithAMessage) {
  Outcome o = run(dir_, "replay-spool '" + dir_.file("missing.spooltrace") + "'");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("no such file"), std::string::npos) << o.err;

  const std::string corrupt = dir_.file("corrupt.spooltrace");
  std::ofstream(corrupt) << slurp(trace_).substr(0, 100);
  o = run(dir_, "replay-spool '" + corrupt + "'");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("corrupt"), std::string::npos) << o.err;

  o = run(dir_, "replay-spool '" + trace_ + "' --backend oracle");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("unknown spool backend 'oracle'"), std::string::npos) << o.err;

  o = run(dir_, "replay-spool '" + trace_ + "' --backend sqlite:/nonexistent-dir/x.db");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("cannot open"), std::string::npos) << o.err;

  o = run(dir_, "replay-spool '" + trace_ + "' --speed 0");
  EXPECT_EQ(o.status, 2);
  o = run(dir_, "replay-spool '" + trace_ + "' --expire-ttl 3parsecs");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--expire-ttl"), std::string::npos) << o.err;
}

// Issue 16 items 4 and 10, through the binary.
TEST_F(BackendCli, CorruptTraceCreatesNoDatabase) {
  std::string bytes = slurp(trace_);
  bytes[bytes.size() - 2] ^= 0x10;  // the stored checksum
  const std::string corrupt = dir_.file("corrupt.spooltrace");
  std::ofstream(corrupt, std::ios::binary) << bytes;
  const std::string db = dir_.file("never.db");
  const Outcome o = run(dir_, "replay-spool '" + corrupt + "' --backend 'sqlite:" + db + "'");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("checksum mismatch"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(db)) << "the trace is verified before the database is opened";
  EXPECT_TRUE(o.out.empty()) << o.out;
}

TEST_F(BackendCli, SymlinkLoopInTheDirectoryExitsTwo) {
  const std::filesystem::path traces = dir_.path() / "looped";
  std::filesystem::create_directory(traces);
  std::filesystem::create_symlink("a.spooltrace", traces / "a.spooltrace");
  Outcome o = run(dir_, "replay-spool '" + traces.string() + "'");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("a.spooltrace"), std::string::npos) << o.err;
  std::filesystem::create_symlink("loop", dir_.path() / "loop");
  o = run(dir_, "replay-spool '" + (dir_.path() / "loop").string() + "'");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("symbolic links"), std::string::npos) << o.err;
}

TEST_F(BackendCli, BatchAndSpeedSayWhatIsAllowed) {
  Outcome o = run(dir_, "replay-spool '" + trace_ + "' --batch 0");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("at least 1"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("1.797"), std::string::npos) << o.err;
  o = run(dir_, "replay-spool '" + trace_ + "' --speed 1e-300");
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("allowed: a factor from 1e-06 to 1e+09"), std::string::npos) << o.err;
  o = run(dir_, "replay-spool '" + trace_ + "' --speed 1e6 --batch 5");
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST_F(BackendCli, SpoolTraceOntoAFullDiskExitsTwoAndKeepsNoFile) {
  const std::string out = dir_.file("full");
  std::filesystem::create_directory(out);
  std::filesystem::create_symlink("/dev/full", out + "/deliver.spooltrace" + kSpoolTracePartialSuffix);
  const Outcome o = run(dir_, "run --set population.users=40 --set horizon=3d --set drain=1d --set replications=1 "
                              "--spool-trace '" + out + "'");
  EXPECT_EQ(o.status, 2) << o.err;
  EXPECT_NE(o.err.find("No space left on device"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << "no report for a run whose trace was lost";
  EXPECT_TRUE(std::filesystem::is_empty(out)) << "neither the four complete files nor the empty one may stay";
}

}  // namespace
}  // namespace spoolsim::models

// `mpirun -np N spoolsim sweep` (issue 17 item 5): the merged JSON is
// byte-identical to the single-process run for N = 1, 2, 3, and a lost rank
// ends the job with an error and no output file. Skipped when spoolsim was
// built without MPI or mpirun is not installed.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/cli_process.hpp"

namespace spoolsim {
namespace {

namespace fs = std::filesystem;
using test::run_shell;

const std::string kSweep =
    "sweep --vary server.offline.max_user_messages=0,10 --vary server.mam.default=never,roster "
    "--set population.users=200 --set horizon=4d --set warmup=1d --set drain=1d --replications 3 --format json";

// Root may run mpirun only when it says so (Open MPI's guard). Under the
// sanitizers, the leak check is off for the ranks: Open MPI's own plugins
// (dlclosed at MPI_Finalize, so LeakSanitizer cannot even name them) keep
// their allocations; the sweep code the ranks run is leak-checked by the
// single-process runs of the same sweep.
std::string mpirun(int ranks) {
  return "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 "
         "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
         "mpirun --oversubscribe -np " + std::to_string(ranks);
}

bool have_mpi() {
#ifndef SPOOLSIM_HAVE_MPI
  return false;
#else
  return std::system("command -v mpirun >/dev/null 2>&1") == 0;
#endif
}

TEST(CliMpi, RanksGiveTheSingleProcessBytes) {
  if (!have_mpi()) GTEST_SKIP() << "spoolsim built without MPI, or no mpirun";
  const test::Outcome single = test::run_spoolsim(kSweep);
  ASSERT_EQ(single.status, 0) << single.err;
  for (int n : {1, 2, 3}) {
    const test::TempDir dir;
    const fs::path out = dir.path / "sweep.json";
    const test::Outcome r = run_shell(mpirun(n), kSweep + " --out '" + out.string() + "'");
    ASSERT_EQ(r.status, 0) << "np " << n << ": " << r.err;
    EXPECT_EQ(test::slurp_file(out), single.out) << "np " << n;
  }
}

TEST(CliMpi, ALostRankEndsTheJobWithoutAFile) {
  if (!have_mpi()) GTEST_SKIP() << "spoolsim built without MPI, or no mpirun";
  const test::TempDir dir;
  const fs::path out = dir.path / "sweep.json";
  const test::Outcome r =
      run_shell("SPOOLSIM_MPI_TEST_KILL_RANK=2 " + mpirun(3), kSweep + " --out '" + out.string() + "'");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("rank 2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(CliMpi, ShardAndMpirunAreExclusive) {
  if (!have_mpi()) GTEST_SKIP() << "spoolsim built without MPI, or no mpirun";
  const test::Outcome r = run_shell(mpirun(1), kSweep + " --shard 0/2");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("use one"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace spoolsim

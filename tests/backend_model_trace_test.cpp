// Issue 7: a trace recorded from a real (small) run of the model replays to
// the same rows in memory and SQLite, and its pops never remove more rows
// than the replay's spool holds.
#include <gtest/gtest.h>

#include "models/simulation.hpp"
#include "replay/spool_replay.hpp"
#include "scenarios/loader.hpp"
#include "support/backend_tempdir.hpp"

namespace spoolsim::models {
namespace {

using testing::BackendTempDir;

TEST(BackendModelTrace, RecordedRunReplaysToTheSameRowsInMemoryAndSqlite) {
  Scenario scenario = scenarios::load_default_scenario().scenario;
  scenario.population.users = 120;
  scenario.horizon = 4 * sim::kDay;
  scenario.replications = 2;
  scenario.strategies = {StrategyKind::Deliver, StrategyKind::PurgeAll};
  BackendTempDir dir;
  const std::string out = dir.file("trace");
  {
    SpoolTraceDirectory sink(out);
    RunOptions options;
    options.spool_trace = &sink;
    run(scenario, options);
    sink.close();
  }
  const auto files = list_spool_traces(out);
  ASSERT_EQ(files.size(), 2u);

  auto memory = make_memory_spool_backend();
  const ReplayReport m = replay_spool(files, *memory);
  ASSERT_GT(m.by_kind[static_cast<int>(StoreOp::Insert)].ops, 100u) << "the run should spool messages";
  // Under purge_all some spools are deleted at bind; under deliver never.
  EXPECT_GT(m.by_kind[static_cast<int>(StoreOp::DeleteByPurge)].ops, 0u);
  // What the replica said each pop or purge touched is what the replay removed.
  std::uint64_t traced_removed = 0;
  for (const auto& f : files)
    for (const auto& r : read_spool_trace(f).records)
      if (r.op.kind == StoreOp::Pop || r.op.kind == StoreOp::DeleteByPurge) traced_removed += r.op.rows;
  EXPECT_EQ(m.by_kind[static_cast<int>(StoreOp::Pop)].rows + m.by_kind[static_cast<int>(StoreOp::DeleteByPurge)].rows,
            traced_removed);

  auto sqlite = make_sqlite_spool_backend(dir.file("model.db"));
  ReplayOptions batched;
  batched.batch = 500;
  replay_spool(files, *sqlite, batched);
  EXPECT_EQ(sqlite->rows(), memory->rows());
  EXPECT_EQ(sqlite->row_count(), m.final_rows);
}

}  // namespace
}  // namespace spoolsim::models

// Issue 7: the same trace leaves the same rows in every backend (memory,
// SQLite file, PostgreSQL cluster), and those rows follow from the trace.
#include <gtest/gtest.h>

#include <map>

#include "replay/spool_replay.hpp"
#include "support/backend_postgres.hpp"
#include "support/backend_tempdir.hpp"

namespace spoolsim::models {
namespace {

using testing::BackendTempDir;

struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

// A trace shaped like a run's: 2 strategies x 2 replications, 10 days, 30
// users; inserts of 1-2 rows, counts before inserts, flushes, purges and
// catch-up reads. Returns the directory.
std::string make_trace(const BackendTempDir& dir) {
  const std::string out = dir.file("trace");
  SpoolTraceDirectory sink(out);
  for (StrategyKind s : {StrategyKind::Deliver, StrategyKind::PurgeAll})
    for (std::uint32_t rep = 0; rep < 2; ++rep) {
      SplitMix rng{rep * 10 + static_cast<std::uint64_t>(s)};
      sim::Time t = 0;
      for (int i = 0; i < 300; ++i) {
        t += static_cast<sim::Time>(rng.below(sim::kHour * 3));
        SpoolOperation op;
        op.time = t;
        op.user = static_cast<UserId>(rng.below(30));
        const auto k = rng.below(10);
        if (k < 6) {
          op.kind = StoreOp::Count;
          sink.record(rep, s, op);
          op.kind = StoreOp::Insert;
          op.rows = k == 0 ? 2 : 1;
          op.bytes = 150 + rng.below(300);
        } else if (k < 8) {
          op.kind = StoreOp::Pop;
        } else if (k < 9) {
          op.kind = StoreOp::DeleteByPurge;
        } else {
          op.kind = StoreOp::CatchupRead;
          op.rows = 5;
        }
        sink.record(rep, s, op);
      }
    }
  sink.close();
  return out;
}

// What the trace means, computed without any backend: per (host, user) the
// inserted rows, cleared by pop and purge, optionally expired daily.
std::vector<SpoolRow> expected_rows(const std::string& dir, sim::Duration ttl) {
  std::map<std::pair<std::string, UserId>, std::vector<SpoolRow>> spool;
  for (const auto& file : list_spool_traces(dir)) {
    const auto trace = read_spool_trace(file);
    sim::Time next_expiry = sim::kDay;
    for (const auto& r : trace.records) {
      const std::string host = replay_host(trace.strategy, r.replication);
      if (ttl > 0) {
        if (r.op.time < next_expiry - sim::kDay) next_expiry = (r.op.time / sim::kDay + 1) * sim::kDay;
        while (r.op.time >= next_expiry) {
          for (auto& [key, rows] : spool)
            std::erase_if(rows, [&](const SpoolRow& row) { return row.created_at < next_expiry - ttl; });
          next_expiry += sim::kDay;
        }
      }
      auto& rows = spool[{host, r.op.user}];
      switch (r.op.kind) {
        case StoreOp::Insert:
          for (std::uint32_t i = 0; i < r.op.rows; ++i)
            rows.push_back({host, r.op.user, r.op.time, r.op.bytes / r.op.rows + (i < r.op.bytes % r.op.rows)});
          break;
        case StoreOp::Pop:
        case StoreOp::DeleteByPurge:
          rows.clear();
          break;
        default:
          break;
      }
    }
  }
  std::vector<SpoolRow> out;
  for (const auto& [key, rows] : spool) out.insert(out.end(), rows.begin(), rows.end());
  return out;
}

std::uint64_t count_records(const std::string& dir, StoreOp kind) {
  std::uint64_t n = 0;
  for (const auto& f : list_spool_traces(dir))
    for (const auto& r : read_spool_trace(f).records) n += r.op.kind == kind;
  return n;
}

TEST(BackendReplay, SameTraceSameRowsInMemoryAndSqlite) {
  BackendTempDir dir;
  const std::string trace = make_trace(dir);
  const auto files = list_spool_traces(trace);
  ASSERT_EQ(files.size(), 2u);
  const auto want = expected_rows(trace, 0);
  ASSERT_GT(want.size(), 20u) << "the trace should leave rows behind";

  auto memory = make_memory_spool_backend();
  const ReplayReport m = replay_spool(files, *memory);
  EXPECT_EQ(memory->rows(), want);
  EXPECT_EQ(m.final_rows, want.size());
  EXPECT_EQ(m.by_kind[static_cast<int>(StoreOp::Insert)].ops, count_records(trace, StoreOp::Insert));
  EXPECT_EQ(m.by_kind[static_cast<int>(StoreOp::Pop)].ops, count_records(trace, StoreOp::Pop));
  EXPECT_EQ(m.by_kind[static_cast<int>(StoreOp::Count)].ops, count_records(trace, StoreOp::Count));
  EXPECT_EQ(m.skipped, count_records(trace, StoreOp::CatchupRead));
  EXPECT_EQ(m.by_kind[kReplayExpire].ops, 0u);
  ASSERT_EQ(m.files.size(), 2u);
  EXPECT_EQ(m.files[0].replications, 2u);
  EXPECT_EQ(m.all.latency.count(), m.all.ops);

  auto sqlite = make_sqlite_spool_backend(dir.file("replay.db"));
  const ReplayReport s = replay_spool(files, *sqlite);
  EXPECT_EQ(sqlite->rows(), want);
  // The same work was done: rows removed by pops and purges agree.
  for (int k = 0; k < kReplayKindCount; ++k) {
    EXPECT_EQ(s.by_kind[k].ops, m.by_kind[k].ops) << replay_kind_name(k);
    EXPECT_EQ(s.by_kind[k].rows, m.by_kind[k].rows) << replay_kind_name(k);
    EXPECT_EQ(s.by_kind[k].bytes, m.by_kind[k].bytes) << replay_kind_name(k);
  }
  EXPECT_GT(s.final_size_bytes, 0u);
}

TEST(BackendReplay, BatchedSqliteAndDailyExpiryAgreeWithMemory) {
  BackendTempDir dir;
  const std::string trace = make_trace(dir);
  const auto files = list_spool_traces(trace);
  ReplayOptions options;
  options.expire_ttl = 2 * sim::kDay;
  const auto want = expected_rows(trace, options.expire_ttl);
  ASSERT_LT(want.size(), expected_rows(trace, 0).size()) << "expiry should remove something";

  auto memory = make_memory_spool_backend();
  const ReplayReport m = replay_spool(files, *memory, options);
  EXPECT_EQ(memory->rows(), want);
  EXPECT_GT(m.by_kind[kReplayExpire].rows, 0u);

  options.batch = 64;
  auto sqlite = make_sqlite_spool_backend(dir.file("batched.db"));
  const ReplayReport s = replay_spool(files, *sqlite, options);
  EXPECT_EQ(sqlite->rows(), want);
  EXPECT_EQ(s.by_kind[kReplayExpire].rows, m.by_kind[kReplayExpire].rows);
}

TEST(BackendReplay, SpeedFactorPacesTheReplay) {
  BackendTempDir dir;
  const std::string path = dir.file("slow.spooltrace");
  {
    SpoolTraceWriter w(path, StrategyKind::Deliver);
    SpoolOperation op;
    op.rows = 1;
    op.bytes = 10;
    w.write(0, op);
    op.time = 100 * sim::kSecond;  // 100 simulated seconds at x1000 = 0.1 s
    w.write(0, op);
    w.close();
  }
  auto memory = make_memory_spool_backend();
  ReplayOptions options;
  options.speed = 1000;
  double last_fraction = -1;
  options.progress = [&](double f) { last_fraction = f; };
  const ReplayReport r = replay_spool({path}, *memory, options);
  EXPECT_GE(r.wall_seconds, 0.1);  // a lower bound: the pacing sleeps at least this long
  EXPECT_EQ(last_fraction, 1.0);
  EXPECT_EQ(memory->row_count(), 2u);
}

TEST(BackendReplay, OversizedRowsAndBadFilesAreErrors) {
  BackendTempDir dir;
  const std::string path = dir.file("huge.spooltrace");
  {
    SpoolTraceWriter w(path, StrategyKind::Deliver);
    SpoolOperation op;
    op.rows = 1;
    op.bytes = 1ULL << 40;
    w.write(0, op);
    w.close();
  }
  auto memory = make_memory_spool_backend();
  EXPECT_THROW(replay_spool({path}, *memory), SpoolTraceError);
  EXPECT_THROW(replay_spool({dir.file("missing.spooltrace")}, *memory), SpoolTraceError);
}

TEST(BackendReplay, LatencyQuantilesAreRunsNearestRank) {
  // replay-spool's p50/p99 come from the histogram `run` uses (docs/kernel.md).
  ReplayKindStats s;
  for (std::int64_t v = 1; v <= 100'000; ++v) s.latency.record(v);
  EXPECT_NEAR(static_cast<double>(s.latency.quantile(0.5)), 50'000.0, 50'000.0 / 256);
  EXPECT_NEAR(static_cast<double>(s.latency.quantile(0.99)), 99'000.0, 99'000.0 / 256);
  EXPECT_EQ(ReplayKindStats{}.latency.quantile(0.5), 0);
  ReplayKindStats ten;
  for (std::int64_t v = 1; v <= 10; ++v) ten.latency.record(v);
  EXPECT_EQ(ten.latency.quantile(0.99), 10);  // ceil(0.99 x 10) = 10th value (floor(q (n - 1)) gave the 9th)
  EXPECT_EQ(ten.latency.quantile(0.5), 5);
}

TEST(BackendReplay, SameTraceSameRowsInPostgres) {
  std::string why;
  const std::string conninfo = testing::backend_postgres_conninfo(why);
  if (conninfo.empty()) GTEST_SKIP() << why;
  BackendTempDir dir;
  const std::string trace = make_trace(dir);
  const auto files = list_spool_traces(trace);
  auto memory = make_memory_spool_backend();
  const ReplayReport m = replay_spool(files, *memory);
  auto pg = make_postgres_spool_backend(conninfo);
  const ReplayReport p = replay_spool(files, *pg);
  EXPECT_EQ(pg->rows(), expected_rows(trace, 0));
  EXPECT_EQ(pg->rows(), memory->rows());
  for (int k = 0; k < kReplayKindCount; ++k) EXPECT_EQ(p.by_kind[k].rows, m.by_kind[k].rows) << replay_kind_name(k);
  EXPECT_GT(p.final_size_bytes, 8192u);
  // With daily expiry too.
  ReplayOptions options;
  options.expire_ttl = 2 * sim::kDay;
  options.batch = 50;
  auto pg2 = make_postgres_spool_backend(conninfo);
  replay_spool(files, *pg2, options);
  EXPECT_EQ(pg2->rows(), expected_rows(trace, options.expire_ttl));
}

}  // namespace
}  // namespace spoolsim::models

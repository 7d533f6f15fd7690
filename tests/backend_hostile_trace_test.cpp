// Issue 16 items 4, 7 and 10: replay-spool against traces and databases a
// hostile but fair tester would hand it. Each case feeds the exact input.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "replay/spool_replay.hpp"
#include "support/backend_tempdir.hpp"

namespace spoolsim::models {
namespace {

using testing::BackendTempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

SpoolOperation insert_at(sim::Time t, UserId user, std::uint64_t bytes = 200) {
  SpoolOperation op;
  op.time = t;
  op.kind = StoreOp::Insert;
  op.user = user;
  op.rows = 1;
  op.bytes = bytes;
  return op;
}

std::string write_trace(const BackendTempDir& dir, const std::string& name, const std::vector<SpoolOperation>& ops,
                        std::uint32_t replication = 0) {
  const std::string path = dir.file(name);
  SpoolTraceWriter w(path, StrategyKind::Deliver);
  for (const auto& op : ops) w.write(replication, op);
  w.close();
  return path;
}

std::string replay_error(const std::vector<std::string>& files, SpoolBackend& backend,
                         const ReplayOptions& options = {}) {
  try {
    replay_spool(files, backend, options);
  } catch (const SpoolTraceError& e) {
    return e.what();
  }
  return "";
}

TEST(BackendHostileTrace, CorruptChecksumTouchesNoRow) {
  BackendTempDir dir;
  std::vector<SpoolOperation> ops;
  for (UserId u = 0; u < 50; ++u) ops.push_back(insert_at(u * sim::kMinute, u));
  const std::string path = write_trace(dir, "t.spooltrace", ops);
  std::string bytes = read_bytes(path);
  bytes[bytes.size() - 2] ^= 0x10;  // inside the stored checksum: every record is fine on its own
  write_bytes(path, bytes);
  auto memory = make_memory_spool_backend();
  EXPECT_NE(replay_error({path}, *memory).find("checksum mismatch"), std::string::npos);
  EXPECT_EQ(memory->row_count(), 0u) << "no record may be applied before the trailer is checked";
  const std::string db = dir.file("spool.db");
  auto sqlite = make_sqlite_spool_backend(db);
  EXPECT_NE(replay_error({path}, *sqlite).find("checksum mismatch"), std::string::npos);
  EXPECT_EQ(sqlite->row_count(), 0u);
}

TEST(BackendHostileTrace, LargestUserIdNeedsOneRowOfMemory) {
  BackendTempDir dir;
  // Well formed and tiny (38 bytes); before, the memory backend sized a
  // vector by the id (2^32 entries) and died with bad_alloc (exit 3).
  const std::string path = write_trace(dir, "t.spooltrace", {insert_at(0, UINT32_MAX)});
  EXPECT_LE(read_bytes(path).size(), 40u);
  auto memory = make_memory_spool_backend();
  const ReplayReport r = replay_spool({path}, *memory);
  ASSERT_EQ(memory->rows().size(), 1u);
  EXPECT_EQ(memory->rows()[0].user, UINT32_MAX);
  EXPECT_EQ(r.final_rows, 1u);
}

TEST(BackendHostileTrace, EverySingleBitFlipIsRefusedOrReplayedQuickly) {
  BackendTempDir dir;
  std::vector<SpoolOperation> ops;
  for (int i = 0; i < 25; ++i) {
    SpoolOperation op = insert_at(i * sim::kHour, static_cast<UserId>(i % 7), 100 + static_cast<std::uint64_t>(i));
    if (i % 5 == 4) op.kind = StoreOp::Pop;
    ops.push_back(op);
  }
  const std::string good = read_bytes(write_trace(dir, "good.spooltrace", ops));
  const std::string flipped = dir.file("flipped.spooltrace");
  ReplayOptions options;
  options.expire_ttl = sim::kDay;
  const auto start = std::chrono::steady_clock::now();
  int refused = 0, replayed = 0;
  for (std::size_t bit = 0; bit < good.size() * 8; ++bit) {
    std::string bytes = good;
    bytes[bit / 8] = static_cast<char>(bytes[bit / 8] ^ (1 << (bit % 8)));
    write_bytes(flipped, bytes);
    auto memory = make_memory_spool_backend();
    try {
      const ReplayReport r = replay_spool({flipped}, *memory, options);
      ++replayed;
      // Work is bounded per record: inserts and at most one expiry each.
      EXPECT_LE(r.all.ops, 2 * ops.size()) << "bit " << bit;
    } catch (const SpoolTraceError&) {
      ++refused;
      EXPECT_EQ(memory->row_count(), 0u) << "bit " << bit;
    }
    // Anything else (bad_alloc, length_error) fails the test by escaping.
  }
  EXPECT_GT(refused, 0);
  EXPECT_EQ(refused + replayed, static_cast<int>(good.size() * 8));
  // The checksum catches a flip in any record byte: only the header's name
  // bytes cannot change without being noticed, and they are checked too.
  EXPECT_EQ(replayed, 0) << "a flipped bit went unnoticed";
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST(BackendHostileTrace, TimeBeyondTheReplayClockIsRefusedBeforeAnyDelete) {
  BackendTempDir dir;
  // A record at t = 2^62 us with --expire-ttl 1d used to issue 53 million DELETEs.
  const std::string path =
      write_trace(dir, "t.spooltrace", {insert_at(0, 1), insert_at(sim::Time{1} << 62, 2)});
  auto memory = make_memory_spool_backend();
  ReplayOptions options;
  options.expire_ttl = sim::kDay;
  const std::string err = replay_error({path}, *memory, options);
  EXPECT_NE(err.find("record 1: time 4611686018427387904 us out of range"), std::string::npos) << err;
  EXPECT_EQ(memory->row_count(), 0u);
}

TEST(BackendHostileTrace, ManyQuietDaysCostOneDelete) {
  BackendTempDir dir;
  // 7900 years without a record: one DELETE, not 2.9 million.
  const std::string path = write_trace(dir, "t.spooltrace",
                                       {insert_at(sim::kHour, 1), insert_at(2 * sim::kDay, 2), insert_at(kMaxReplayTime, 3)});
  auto memory = make_memory_spool_backend();
  ReplayOptions options;
  options.expire_ttl = sim::kDay;
  const auto start = std::chrono::steady_clock::now();
  const ReplayReport r = replay_spool({path}, *memory, options);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(r.by_kind[kReplayExpire].ops, 2u);   // at day 2 and at the last record
  EXPECT_EQ(r.by_kind[kReplayExpire].rows, 2u);  // both older rows expire, as with one DELETE per day
  ASSERT_EQ(memory->rows().size(), 1u);
  EXPECT_EQ(memory->rows()[0].user, 3u);
}

TEST(BackendHostileTrace, TinySpeedIsClampedNotUndefined) {
  BackendTempDir dir;
  // --speed 1e-300 made (t - origin) / speed overflow a double-to-int64 cast.
  // The library clamps to kMinReplaySpeed: 1 us of simulated time waits 1 s.
  const std::string path = write_trace(dir, "t.spooltrace", {insert_at(0, 1), insert_at(1, 2)});
  auto memory = make_memory_spool_backend();
  ReplayOptions options;
  options.speed = 1e-300;
  const auto start = std::chrono::steady_clock::now();
  replay_spool({path}, *memory, options);
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, std::chrono::milliseconds(900));  // the clamp's wait happened (a hang is the ctest TIMEOUT's)
  EXPECT_EQ(memory->row_count(), 2u);
}

TEST(BackendHostileTrace, InsertBeyondTheRowLimitIsRefused) {
  BackendTempDir dir;
  SpoolOperation op = insert_at(0, 1);
  op.rows = kMaxReplayRowsPerInsert + 1;
  op.bytes = op.rows * 10;
  const std::string path = write_trace(dir, "t.spooltrace", {insert_at(0, 0), op});
  auto memory = make_memory_spool_backend();
  EXPECT_NE(replay_error({path}, *memory).find("record 1: insert of 1001 rows"), std::string::npos);
  EXPECT_EQ(memory->row_count(), 0u);
}

TEST(BackendHostileTrace, ReplicationNumbersDoNotSizeMemory) {
  BackendTempDir dir;
  const std::string path = write_trace(dir, "t.spooltrace", {insert_at(0, 1)}, kMaxReplayReplication);
  auto memory = make_memory_spool_backend();
  const ReplayReport r = replay_spool({path}, *memory);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].replications, 1u);
  const std::string beyond = write_trace(dir, "u.spooltrace", {insert_at(0, 1)}, kMaxReplayReplication + 1);
  EXPECT_NE(replay_error({beyond}, *memory).find("replication 1000001 out of range"), std::string::npos);
}

// A file refused at its header leaves no descriptor open (the reader's
// constructor threw, so its destructor never ran; found by fuzz_trace_reader).
TEST(BackendHostileTrace, ARefusedHeaderClosesTheFile) {
  BackendTempDir dir;
  const std::string bad = dir.file("bad.spooltrace");
  std::ofstream(bad, std::ios::binary) << "not a spool trace at all";
  auto open_descriptors = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/fd"), std::filesystem::directory_iterator{});
  };
  const auto before = open_descriptors();
  for (int i = 0; i < 50; ++i) EXPECT_THROW(SpoolTraceReader reader(bad), SpoolTraceError);
  EXPECT_EQ(open_descriptors(), before);
}

TEST(BackendHostileTrace, SymlinkLoopAndFifoAreErrorsNotHangsOrCrashes) {
  BackendTempDir dir;
  const std::filesystem::path traces = dir.path() / "traces";
  std::filesystem::create_directory(traces);
  std::filesystem::create_symlink("loop.spooltrace", traces / "loop.spooltrace");  // points at itself
  try {
    list_spool_traces(traces.string());
    FAIL() << "a symlink loop must be refused";
  } catch (const SpoolTraceError& e) {
    EXPECT_NE(std::string(e.what()).find("loop.spooltrace"), std::string::npos) << e.what();
  }
  std::filesystem::create_symlink("self", dir.path() / "self");
  EXPECT_THROW(list_spool_traces((dir.path() / "self").string()), SpoolTraceError);
  const std::string fifo = dir.file("fifo.spooltrace");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  try {
    SpoolTraceReader reader(fifo);  // would block in fopen without a writer
    FAIL() << "a FIFO must be refused";
  } catch (const SpoolTraceError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

TEST(BackendHostileTrace, FullDiskKeepsNoTraceFile) {
  BackendTempDir dir;
  const std::string out = dir.file("trace");
  std::filesystem::create_directory(out);
  // deliver's file lands on /dev/full (every write fails with ENOSPC); the
  // other strategy's file would be complete on its own.
  std::filesystem::create_symlink("/dev/full", out + "/deliver.spooltrace" + kSpoolTracePartialSuffix);
  SpoolTraceDirectory sink(out);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    sink.record(0, StrategyKind::Deliver, insert_at(i, i % 100));
    sink.record(0, StrategyKind::PurgeAll, insert_at(i, i % 100));
  }
  try {
    sink.close();
    FAIL() << "a write error must reach close()";
  } catch (const SpoolTraceError& e) {
    EXPECT_NE(std::string(e.what()).find("no trace file of this run was kept"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(std::filesystem::is_empty(out)) << "neither a complete nor an empty file may stay";
}

TEST(BackendHostileTrace, UnclosedSinkLeavesNothingThatLooksWhole) {
  BackendTempDir dir;
  const std::string out = dir.file("trace");
  {
    SpoolTraceDirectory sink(out);
    sink.record(0, StrategyKind::Deliver, insert_at(0, 1));
  }  // a run that failed never calls close()
  EXPECT_TRUE(std::filesystem::is_empty(out));
}

// Item 7: a foreign database's bytes do not change before it is refused.
void expect_refused_unchanged(const std::string& path, const std::string& expected) {
  const std::string before = read_bytes(path);
  try {
    make_sqlite_spool_backend(path);
    FAIL() << path << " must be refused";
  } catch (const SpoolBackendError& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_bytes(path), before) << "the file's bytes changed";
  EXPECT_FALSE(std::filesystem::exists(path + "-wal")) << "a WAL file was created";
  EXPECT_FALSE(std::filesystem::exists(path + "-shm"));
}

TEST(BackendHostileDatabase, ForeignDatabasesAreOpenedReadOnlyAndLeftAsTheyWere) {
  BackendTempDir dir;
  const std::string ejabberd = dir.file("ejabberd.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(ejabberd.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE spool (username text NOT NULL, server_host text NOT NULL, xml text NOT NULL, "
                         "seq INTEGER PRIMARY KEY AUTOINCREMENT, created_at TIMESTAMP);"
                         "INSERT INTO spool(username, server_host, xml) VALUES ('bob', 'example.org', '<m/>');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  expect_refused_unchanged(ejabberd, "a spool table not made by spoolsim");

  const std::string other = dir.file("other.db");
  ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE notes (t text); INSERT INTO notes VALUES ('keep me')", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  expect_refused_unchanged(other, "tables not made by spoolsim (notes)");

  const std::string text = dir.file("notes.txt");
  write_bytes(text, "not a database at all\n");
  expect_refused_unchanged(text, "not a SQLite database");

  // Its own database and an empty file are still fine.
  const std::string empty = dir.file("empty.db");
  write_bytes(empty, "");
  EXPECT_EQ(make_sqlite_spool_backend(empty)->row_count(), 0u);
  EXPECT_EQ(make_sqlite_spool_backend(empty)->row_count(), 0u);
}

}  // namespace
}  // namespace spoolsim::models

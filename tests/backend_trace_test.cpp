// Issue 7: spool trace files: write/read round trip, the per-strategy
// directory sink, and clear errors on missing or corrupt files.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "replay/spool_trace_file.hpp"
#include "support/backend_tempdir.hpp"

namespace spoolsim::models {
namespace {

using testing::BackendTempDir;

std::vector<SpoolTraceRecord> sample_records() {
  std::vector<SpoolTraceRecord> out;
  const StoreOp kinds[] = {StoreOp::Insert, StoreOp::Count, StoreOp::Pop, StoreOp::DeleteByPurge,
                           StoreOp::CatchupRead};
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    sim::Time t = 5;  // every replication restarts the clock: negative deltas
    for (std::uint32_t i = 0; i < 400; ++i) {
      t += (i * 7919) % 100'000'000;
      SpoolOperation op;
      op.time = t;
      op.kind = kinds[i % 5];
      op.user = (i * 2654435761u) % 100'000;
      op.rows = i % 5 == 0 ? 1 : i % 13;
      op.bytes = static_cast<std::uint64_t>(i) * 131;
      out.push_back({rep, op});
    }
  }
  SpoolOperation extreme;  // widest values the format must carry
  extreme.time = -sim::kDay;
  extreme.kind = StoreOp::Insert;
  extreme.user = UINT32_MAX;
  extreme.rows = UINT32_MAX;
  extreme.bytes = UINT64_MAX;
  out.push_back({UINT32_MAX, extreme});
  return out;
}

std::string write_sample(const BackendTempDir& dir, const std::string& name = "t.spooltrace") {
  const std::string path = dir.file(name);
  SpoolTraceWriter w(path, StrategyKind::PurgeArchived);
  for (const auto& r : sample_records()) w.write(r.replication, r.op);
  w.close();
  return path;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string error_of(const std::string& path) {
  try {
    read_spool_trace(path);
  } catch (const SpoolTraceError& e) {
    return e.what();
  }
  return "";
}

TEST(BackendTrace, RoundTripKeepsEveryField) {
  BackendTempDir dir;
  const std::string path = write_sample(dir);
  const SpoolTraceContents back = read_spool_trace(path);
  EXPECT_EQ(back.strategy, StrategyKind::PurgeArchived);
  EXPECT_EQ(back.records, sample_records());
  // Compact: well under the 32 bytes of the in-memory record.
  EXPECT_LT(read_bytes(path).size(), 14 * sample_records().size());
}

TEST(BackendTrace, EmptyTraceIsValid) {
  BackendTempDir dir;
  const std::string path = dir.file("empty.spooltrace");
  SpoolTraceWriter(path, StrategyKind::Deliver).close();
  const auto back = read_spool_trace(path);
  EXPECT_EQ(back.strategy, StrategyKind::Deliver);
  EXPECT_TRUE(back.records.empty());
}

TEST(BackendTrace, DirectorySinkWritesOneFilePerStrategyFromManyThreads) {
  BackendTempDir dir;
  const std::string out = dir.file("trace");
  {
    auto sink = open_spool_trace(out);
    std::vector<std::thread> threads;
    for (std::uint32_t rep = 0; rep < 4; ++rep)
      threads.emplace_back([&sink, rep] {
        for (std::uint32_t i = 0; i < 500; ++i) {
          SpoolOperation op;
          op.time = i;
          op.user = rep * 1000 + i;
          op.rows = 1;
          op.bytes = 100;
          sink->record(rep, i % 2 ? StrategyKind::PurgeAll : StrategyKind::Deferred, op);
        }
      });
    for (auto& t : threads) t.join();
    dynamic_cast<SpoolTraceDirectory&>(*sink).close();  // writes the trailers, then renames
  }
  const auto files = list_spool_traces(out);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(std::filesystem::path(files[0]).filename(), "deferred.spooltrace");
  EXPECT_EQ(std::filesystem::path(files[1]).filename(), "purge_all.spooltrace");
  for (const auto& f : files) {
    const auto contents = read_spool_trace(f);
    ASSERT_EQ(contents.records.size(), 1000u);
    std::vector<int> per_rep(4, 0);
    for (const auto& r : contents.records) {
      ASSERT_LT(r.replication, 4u);
      EXPECT_EQ(r.op.user / 1000, r.replication);  // the replication travels with its record
      ++per_rep[r.replication];
    }
    for (int n : per_rep) EXPECT_EQ(n, 250);
  }
  EXPECT_EQ(list_spool_traces(files[0]), std::vector<std::string>{files[0]});
}

TEST(BackendTrace, MissingPathsAreErrors) {
  BackendTempDir dir;
  EXPECT_NE(error_of(dir.file("nope.spooltrace")).find("cannot open"), std::string::npos);
  EXPECT_THROW(list_spool_traces(dir.file("nope")), SpoolTraceError);
  EXPECT_THROW(list_spool_traces(dir.path().string()), SpoolTraceError);  // no trace inside
  EXPECT_NE(error_of(dir.path().string()).find("is a directory"), std::string::npos);
}

TEST(BackendTrace, CorruptFilesAreRejectedWithTheReason) {
  BackendTempDir dir;
  const std::string good = read_bytes(write_sample(dir));
  const std::string bad = dir.file("bad.spooltrace");
  auto check = [&](std::string bytes, const std::string& expected) {
    write_bytes(bad, bytes);
    const std::string msg = error_of(bad);
    EXPECT_NE(msg.find(expected), std::string::npos) << "expected '" << expected << "', got '" << msg << "'";
    EXPECT_NE(msg.find("bad.spooltrace"), std::string::npos) << msg;
  };
  check("", "bad magic");
  check("hello world, not a trace", "bad magic");
  std::string v = good;
  v[8] = 7;
  check(v, "unsupported version 7");
  v = good;
  v[9] = 9;
  check(v, "bad strategy code 9");
  v = good;
  v[9] = 0;  // code says deliver, name says purge_archived
  check(v, "does not match");
  check(good.substr(0, good.size() / 2), "truncated");
  check(good.substr(0, good.size() - 1), "truncated trailer");
  check(good + "x", "data after the trailer");
  v = good;
  v[v.size() - 3] ^= 0x40;  // inside the stored checksum
  check(v, "checksum mismatch");
  v = good;
  const std::size_t header = 8 + 1 + 1 + 1 + std::string("purge_archived").size();
  v[header + 5] ^= 0x01;  // inside the first record's fields: count or checksum or tag catches it
  write_bytes(bad, v);
  EXPECT_THROW(read_spool_trace(bad), SpoolTraceError);
  v = good;
  v[header] = 0x35;  // reserved tag bits set
  check(v, "bad record tag");
}

TEST(BackendTrace, WriterReportsAnUnwritablePath) {
  EXPECT_THROW(SpoolTraceWriter("/nonexistent-dir/x/t.spooltrace", StrategyKind::Deliver), SpoolTraceError);
  EXPECT_THROW(open_spool_trace("/proc/version/sub"), SpoolTraceError);
}

}  // namespace
}  // namespace spoolsim::models

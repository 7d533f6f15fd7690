// Issue 7: each spool backend's operations (insert, pop, purge, count,
// expire) against a small reference implementation.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <utility>

#include "replay/spool_backend.hpp"
#include "support/backend_postgres.hpp"
#include "support/backend_tempdir.hpp"

namespace spoolsim::models {
namespace {

using testing::BackendTempDir;

// The reference: per (host, user), the rows in insertion (seq) order.
class ReferenceSpool {
 public:
  void insert(const std::string& host, UserId user, sim::Time t, std::uint64_t bytes) {
    spool_[{host, user}].push_back(SpoolRow{host, user, t, bytes});
  }
  SpoolRemoved remove(const std::string& host, UserId user) {
    SpoolRemoved r;
    auto it = spool_.find({host, user});
    if (it == spool_.end()) return r;
    for (const auto& row : it->second) {
      ++r.rows;
      r.bytes += row.bytes;
    }
    spool_.erase(it);
    return r;
  }
  std::uint64_t count(const std::string& host, UserId user) const {
    auto it = spool_.find({host, user});
    return it == spool_.end() ? 0 : it->second.size();
  }
  SpoolRemoved expire(sim::Time cutoff) {
    SpoolRemoved r;
    for (auto& [key, rows] : spool_)
      std::erase_if(rows, [&](const SpoolRow& row) {
        if (row.created_at >= cutoff) return false;
        ++r.rows;
        r.bytes += row.bytes;
        return true;
      });
    return r;
  }
  std::vector<SpoolRow> rows() const {  // map order = (host, user)
    std::vector<SpoolRow> out;
    for (const auto& [key, rows] : spool_) out.insert(out.end(), rows.begin(), rows.end());
    return out;
  }

 private:
  std::map<std::pair<std::string, UserId>, std::vector<SpoolRow>> spool_;
};

// Small deterministic generator (no dependence on <random>'s distributions).
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

// 600 random operations over 2 hosts x 12 users; every result and the final
// rows must match the reference.
void check_random_operations(SpoolBackend& backend, std::uint64_t seed) {
  ReferenceSpool ref;
  const std::string names[2] = {"a.example", "b.example"};
  const HostId ids[2] = {backend.add_host(names[0]), backend.add_host(names[1])};
  ASSERT_EQ(backend.add_host(names[0]), ids[0]) << "the same host name must give the same id";
  SplitMix rng{seed};
  sim::Time now = 0;
  for (int i = 0; i < 600; ++i) {
    now += static_cast<sim::Time>(rng.below(3 * sim::kHour));
    const int h = static_cast<int>(rng.below(2));
    const auto user = static_cast<UserId>(rng.below(12) * 1000 + 7);  // sparse ids
    const std::uint64_t op = rng.below(100);
    SCOPED_TRACE("operation " + std::to_string(i));
    if (op < 55) {
      const std::uint64_t bytes = 20 + rng.below(400);
      backend.insert(ids[h], user, now, bytes);
      ref.insert(names[h], user, now, bytes);
    } else if (op < 70) {
      const SpoolRemoved got = backend.pop_all(ids[h], user);
      const SpoolRemoved want = ref.remove(names[h], user);
      ASSERT_EQ(got.rows, want.rows);
      ASSERT_EQ(got.bytes, want.bytes);
    } else if (op < 80) {
      const SpoolRemoved got = backend.delete_all(ids[h], user);
      const SpoolRemoved want = ref.remove(names[h], user);
      ASSERT_EQ(got.rows, want.rows);
      ASSERT_EQ(got.bytes, want.bytes);
    } else if (op < 97) {
      ASSERT_EQ(backend.count(ids[h], user), ref.count(names[h], user));
    } else {
      const sim::Time cutoff = now - 2 * sim::kDay;
      const SpoolRemoved got = backend.delete_expired(cutoff);
      const SpoolRemoved want = ref.expire(cutoff);
      ASSERT_EQ(got.rows, want.rows);
      ASSERT_EQ(got.bytes, want.bytes);
    }
  }
  const auto want = ref.rows();
  EXPECT_EQ(backend.row_count(), want.size());
  EXPECT_EQ(backend.rows(), want);
}

// Expiry keeps a row created exactly at the cutoff (created_at < cutoff).
void check_expire_boundary(SpoolBackend& backend) {
  const HostId h = backend.add_host("x.example");
  backend.insert(h, 1, 10 * sim::kDay - 1, 100);
  backend.insert(h, 1, 10 * sim::kDay, 101);
  backend.insert(h, 2, 10 * sim::kDay + 1, 102);
  const SpoolRemoved removed = backend.delete_expired(10 * sim::kDay);
  EXPECT_EQ(removed.rows, 1u);
  EXPECT_EQ(removed.bytes, 100u);
  EXPECT_EQ(backend.count(h, 1), 1u);
  EXPECT_EQ(backend.count(h, 2), 1u);
  const auto rows = backend.rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].created_at, 10 * sim::kDay);  // microseconds survive the round trip
  EXPECT_EQ(rows[1].created_at, 10 * sim::kDay + 1);
}

// Operations inside a batch behave as outside; the batch commits.
void check_batch(SpoolBackend& backend) {
  const HostId h = backend.add_host("x.example");
  backend.begin_batch();
  for (UserId u = 0; u < 50; ++u) backend.insert(h, u, sim::kHour * u, 200 + u);
  EXPECT_EQ(backend.pop_all(h, 3).rows, 1u);
  EXPECT_EQ(backend.delete_all(h, 4).bytes, 204u);
  EXPECT_EQ(backend.count(h, 5), 1u);
  backend.end_batch();
  EXPECT_EQ(backend.row_count(), 48u);
}

// size_bytes counts at least the stored xml.
void check_size(SpoolBackend& backend) {
  const HostId h = backend.add_host("x.example");
  const std::uint64_t before = backend.size_bytes();
  backend.begin_batch();
  for (UserId u = 0; u < 2000; ++u) backend.insert(h, u, 0, 1000);
  backend.end_batch();
  const std::uint64_t after = backend.size_bytes();
  EXPECT_GE(after, 2'000'000u);
  EXPECT_GT(after, before);
}

enum class Kind { Memory, SqliteFile, SqliteInMemory };

class BackendOperations : public ::testing::TestWithParam<Kind> {
 protected:
  std::unique_ptr<SpoolBackend> open() {
    switch (GetParam()) {
      case Kind::Memory:
        return make_memory_spool_backend();
      case Kind::SqliteFile:
        return make_sqlite_spool_backend(dir_.file("spool-" + std::to_string(serial_++) + ".db"));
      case Kind::SqliteInMemory:
        return make_sqlite_spool_backend(":memory:");
    }
    return nullptr;
  }
  BackendTempDir dir_;
  int serial_ = 0;
};

TEST_P(BackendOperations, RandomOperationsMatchReference) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    auto backend = open();
    check_random_operations(*backend, seed);
  }
}
TEST_P(BackendOperations, ExpireKeepsRowsAtTheCutoff) { check_expire_boundary(*open()); }
TEST_P(BackendOperations, BatchBehavesLikeSingleOperations) { check_batch(*open()); }
TEST_P(BackendOperations, SizeCountsStoredXml) { check_size(*open()); }

INSTANTIATE_TEST_SUITE_P(Backends, BackendOperations,
                         ::testing::Values(Kind::Memory, Kind::SqliteFile, Kind::SqliteInMemory),
                         [](const auto& param_info) {
                           switch (param_info.param) {
                             case Kind::Memory: return std::string("memory");
                             case Kind::SqliteFile: return std::string("sqlite_file");
                             case Kind::SqliteInMemory: return std::string("sqlite_in_memory");
                           }
                           return std::string("unknown");
                         });

TEST(BackendSqlite, ReopensItsOwnFileEmptyButRefusesAForeignSpool) {
  BackendTempDir dir;
  const std::string path = dir.file("spool.db");
  {
    auto b = make_sqlite_spool_backend(path);
    b->insert(b->add_host("h"), 1, 0, 50);
    EXPECT_EQ(b->row_count(), 1u);
  }
  EXPECT_EQ(make_sqlite_spool_backend(path)->row_count(), 0u);
  // An ejabberd database: a spool table spoolsim did not create.
  const std::string foreign = dir.file("ejabberd.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE spool (username text, xml text); INSERT INTO spool VALUES ('bob', '<m/>')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  try {
    make_sqlite_spool_backend(foreign);
    FAIL() << "a foreign spool table must not be dropped";
  } catch (const SpoolBackendError& e) {
    EXPECT_NE(std::string(e.what()).find("not made by spoolsim"), std::string::npos) << e.what();
  }
}

TEST(BackendSqlite, UnwritablePathIsAnError) {
  EXPECT_THROW(make_sqlite_spool_backend("/nonexistent-dir/x/spool.db"), SpoolBackendError);
}

TEST(BackendSpec, ParsesEverySpelling) {
  EXPECT_EQ(open_spool_backend("memory")->name(), "memory");
  EXPECT_EQ(open_spool_backend("sqlite")->name(), "sqlite::memory:");
  BackendTempDir dir;
  EXPECT_EQ(open_spool_backend("sqlite:" + dir.file("a.db"))->name(), "sqlite:" + dir.file("a.db"));
  EXPECT_THROW(open_spool_backend("sqlite:"), SpoolBackendError);
  EXPECT_THROW(open_spool_backend("mysql"), SpoolBackendError);
  EXPECT_THROW(open_spool_backend(""), SpoolBackendError);
  EXPECT_THROW(open_spool_backend("postgres:"), SpoolBackendError);
}

TEST(BackendRowEncoding, TimestampsRoundTripAndMatchTheCalendar) {
  EXPECT_EQ(spool_timestamp(0), "2025-01-01 00:00:00.000000");
  EXPECT_EQ(spool_timestamp(59 * sim::kDay + sim::kHour + 2 * sim::kMinute + 3 * sim::kSecond + 4),
            "2025-03-01 01:02:03.000004");  // 2025 is not a leap year
  EXPECT_EQ(spool_timestamp(-1), "2024-12-31 23:59:59.999999");
  for (sim::Time t : {sim::Time{0}, sim::Time{1}, 400 * sim::kDay + 123456789, -3 * sim::kDay - 17}) {
    sim::Time back = 0;
    ASSERT_TRUE(parse_spool_timestamp(spool_timestamp(t), back)) << t;
    EXPECT_EQ(back, t);
  }
  sim::Time t = 0;
  ASSERT_TRUE(parse_spool_timestamp("2025-01-02 00:00:00.5", t));  // PostgreSQL trims zeros
  EXPECT_EQ(t, sim::kDay + 500'000);
  ASSERT_TRUE(parse_spool_timestamp("2025-01-01 00:00:07", t));
  EXPECT_EQ(t, 7 * sim::kSecond);
  EXPECT_FALSE(parse_spool_timestamp("2025-13-01 00:00:00", t));
  EXPECT_FALSE(parse_spool_timestamp("2025-01-01", t));
  EXPECT_FALSE(parse_spool_timestamp("2025-01-01 00:00:00.1234567", t));
}

TEST(BackendRowEncoding, UsernamesAndXml) {
  UserId u = 0;
  EXPECT_EQ(spool_username(42), "u42");
  EXPECT_TRUE(parse_spool_username("u42", u));
  EXPECT_EQ(u, 42u);
  EXPECT_FALSE(parse_spool_username("42", u));
  EXPECT_FALSE(parse_spool_username("u", u));
  EXPECT_FALSE(parse_spool_username("u4x", u));
  EXPECT_FALSE(parse_spool_username("u99999999999", u));
  for (std::uint64_t n : {0u, 10u, 150u, 4000u}) EXPECT_EQ(spool_row_xml("h.example", 7, n).size(), n);
  const std::string xml = spool_row_xml("h.example", 7, 400);
  EXPECT_EQ(xml.rfind("<message", 0), 0u);
  EXPECT_NE(xml.find("to='u7@h.example'"), std::string::npos);
  EXPECT_EQ(xml.substr(xml.size() - 10), "</message>");
}

// PostgreSQL: every check above in one test, so the cluster starts once.
TEST(BackendPostgres, OperationsMatchReference) {
  std::string why;
  const std::string conninfo = testing::backend_postgres_conninfo(why);
  if (conninfo.empty()) GTEST_SKIP() << why;
  for (std::uint64_t seed : {1u, 2u}) check_random_operations(*make_postgres_spool_backend(conninfo), seed);
  check_expire_boundary(*make_postgres_spool_backend(conninfo));
  check_batch(*make_postgres_spool_backend(conninfo));
  check_size(*make_postgres_spool_backend(conninfo));
  EXPECT_THROW(make_postgres_spool_backend("host=/nonexistent-socket-dir dbname=x"), SpoolBackendError);
}

}  // namespace
}  // namespace spoolsim::models

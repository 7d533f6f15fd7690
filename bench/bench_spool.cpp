// Spool backend throughput (issue 7): insert, pop-all, purge and count per
// backend, at 10^3 .. 10^6 users. Each user holds one row before every timed
// chunk, so the table and its index hold N rows throughout.
//
// Timing: each iteration times a chunk of K operations on scattered users
// (manual time), then restores the table untimed. items_per_second is
// operations per second. The manual time is the thread's CPU time: on a
// shared machine (load 10 on 2 cores) wall time mostly measured the waits
// for a core. Database backends also wait for their server's or the disk's
// work, which thread CPU time does not see: their figures are in wall time.
//   memory              the standalone in-memory spool
//   sqlite              a file, WAL, synchronous=NORMAL, one transaction per operation
//   sqlite_batched      the same, one transaction per chunk
//   postgres            a throwaway local cluster over a Unix socket, one transaction per operation
// Environment: SPOOLSIM_BENCH_MAX_USERS (default 1000000),
// SPOOLSIM_BENCH_PG_MAX_USERS (default 100000: loading 10^6 rows one INSERT
// at a time costs minutes on 2 cores).
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "replay/spool_backend.hpp"

using namespace spoolsim;
using models::SpoolBackend;
using models::UserId;

namespace {

constexpr std::uint64_t kRowBytes = 250;  // a chat message plus the delay element

enum class Op { Insert, Pop, Purge, Count };
const char* op_name(Op op) {
  switch (op) {
    case Op::Insert: return "insert";
    case Op::Pop: return "pop_all";
    case Op::Purge: return "purge";
    case Op::Count: return "count";
  }
  return "?";
}

struct BackendKind {
  std::string name;
  std::string store;  // kinds with the same store share one populated table
  bool batched = false;
  std::uint32_t chunk = 256;
  bool cpu_time = false;  // manual time from the thread's CPU clock (in-process backends)
  std::function<std::unique_ptr<SpoolBackend>(const std::string& dir)> open;
};

std::string g_tmp;                                       // scratch directory
std::unique_ptr<models::PostgresCluster> g_cluster;      // when available
// The populated backend of the current (kind, users); benchmarks are
// registered so that all operations on one table run in a row.
std::string g_current_key;
std::unique_ptr<SpoolBackend> g_current;
models::HostId g_host = 0;

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

SpoolBackend& populated(const BackendKind& kind, std::uint32_t users) {
  const std::string key = kind.store + "/" + std::to_string(users);
  if (key == g_current_key) return *g_current;
  g_current.reset();
  g_current_key.clear();
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(g_tmp, ec)) std::filesystem::remove_all(e.path(), ec);
  g_current = kind.open(g_tmp);
  g_host = g_current->add_host("bench.example");
  constexpr std::uint32_t kLoadBatch = 10'000;
  for (std::uint32_t u = 0; u < users; u += kLoadBatch) {
    g_current->begin_batch();
    for (std::uint32_t v = u; v < std::min(users, u + kLoadBatch); ++v) g_current->insert(g_host, v, 0, kRowBytes);
    g_current->end_batch();
  }
  g_current_key = key;
  return *g_current;
}

void run_chunks(benchmark::State& state, const BackendKind& kind, Op op, std::uint32_t users) {
  SpoolBackend& b = populated(kind, users);
  const std::uint32_t k = std::min(kind.chunk, users);
  std::vector<UserId> chunk(k);
  std::uint64_t cursor = 0;
  sim::Time now = 1;
  using Clock = std::chrono::steady_clock;
  for (auto _ : state) {
    for (auto& u : chunk) u = static_cast<UserId>((cursor++ * 7919) % users);  // scattered, distinct within a chunk
    ++now;
    const auto start = Clock::now();
    const double cpu_start = kind.cpu_time ? thread_cpu_seconds() : 0.0;
    if (kind.batched) b.begin_batch();
    std::uint64_t sink = 0;
    switch (op) {
      case Op::Insert:
        for (UserId u : chunk) b.insert(g_host, u, now, kRowBytes);
        break;
      case Op::Pop:
        for (UserId u : chunk) sink += b.pop_all(g_host, u).rows;
        break;
      case Op::Purge:
        for (UserId u : chunk) sink += b.delete_all(g_host, u).rows;
        break;
      case Op::Count:
        for (UserId u : chunk) sink += b.count(g_host, u);
        break;
    }
    if (kind.batched) b.end_batch();
    state.SetIterationTime(kind.cpu_time ? thread_cpu_seconds() - cpu_start
                                         : std::chrono::duration<double>(Clock::now() - start).count());
    benchmark::DoNotOptimize(sink);
    // Restore one row per user, untimed and batched.
    if (op != Op::Count) {
      b.begin_batch();
      for (UserId u : chunk) {
        if (op == Op::Insert) b.delete_all(g_host, u);
        b.insert(g_host, u, 0, kRowBytes);
      }
      b.end_batch();
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * k);
  state.counters["users"] = users;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::string tmpl = (std::filesystem::temp_directory_path() / "spoolsim-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::fprintf(stderr, "bench_spool: cannot create a temporary directory\n");
    return 1;
  }
  g_tmp = tmpl;
  const auto max_users = static_cast<std::uint32_t>(env_or("SPOOLSIM_BENCH_MAX_USERS", 1'000'000));
  const auto pg_max_users = static_cast<std::uint32_t>(env_or("SPOOLSIM_BENCH_PG_MAX_USERS", 100'000));

  std::vector<BackendKind> kinds;
  kinds.push_back({"memory", "memory", false, 4096, true,
                   [](const std::string&) { return models::make_memory_spool_backend(); }});
  kinds.push_back({"sqlite", "sqlite", false, 256, false,
                   [](const std::string& dir) { return models::make_sqlite_spool_backend(dir + "/spool.db"); }});
  kinds.push_back({"sqlite_batched", "sqlite", true, 256, false,
                   [](const std::string& dir) { return models::make_sqlite_spool_backend(dir + "/spool.db"); }});
  std::string pg_note;
  if (!models::postgres_spool_backend_available()) {
    pg_note = "not built (no libpq)";
  } else if (models::PostgresCluster::find_bindir().empty()) {
    pg_note = "initdb not installed";
  } else {
    try {
      g_cluster = std::make_unique<models::PostgresCluster>();
      kinds.push_back({"postgres", "postgres", false, 64, false, [](const std::string&) {
                         return models::make_postgres_spool_backend(g_cluster->conninfo());
                       }});
    } catch (const models::SpoolBackendError& e) {
      pg_note = e.what();
    }
  }
  if (!pg_note.empty()) std::fprintf(stderr, "bench_spool: postgres skipped: %s\n", pg_note.c_str());

  // Grouped by (store, users) so each table is loaded once.
  std::vector<std::string> stores;
  for (const auto& kind : kinds)
    if (std::find(stores.begin(), stores.end(), kind.store) == stores.end()) stores.push_back(kind.store);
  for (const auto& store : stores)
    for (std::uint32_t users = 1000; users <= max_users; users *= 10)
      for (const auto& kind : kinds) {
        if (kind.store != store || (store == "postgres" && users > pg_max_users)) continue;
        for (Op op : {Op::Insert, Op::Pop, Op::Purge, Op::Count}) {
        const std::string name = std::string("spool_") + op_name(op) + "/" + kind.name + "/" + std::to_string(users);
        benchmark::RegisterBenchmark(name.c_str(), [&kind, op, users](benchmark::State& s) {
          run_chunks(s, kind, op, users);
        })->UseManualTime()->Unit(benchmark::kMicrosecond);
        }
      }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_current.reset();
  g_cluster.reset();
  std::error_code ec;
  std::filesystem::remove_all(g_tmp, ec);
  return 0;
}

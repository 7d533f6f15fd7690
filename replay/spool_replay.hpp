// Replays spool traces against a backend (issue 7): every recorded operation
// becomes the statement mod_offline would issue, timed one by one.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "replay/spool_backend.hpp"
#include "replay/spool_trace_file.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::models {

// Index of the operation kinds in a report: StoreOp values, then expiry.
inline constexpr int kReplayExpire = kStoreOpCount;
inline constexpr int kReplayKindCount = kStoreOpCount + 1;
const char* replay_kind_name(int kind);  // "insert", ..., "catchup_read", "expire"

struct ReplayOptions {
  double speed = 0.0;              // 0: as fast as the backend allows; else simulated time x speed
  sim::Duration expire_ttl = 0;    // > 0: delete_expired(t - ttl) at every simulated midnight
  std::uint64_t batch = 0;         // > 0: operations per transaction; 0: one per operation
  std::uint64_t max_row_bytes = 16u << 20;  // larger rows are refused as corrupt input
  // Called now and then with the fraction of input read (0..1).
  std::function<void(double)> progress;
};

struct ReplayKindStats {
  std::uint64_t ops = 0;
  std::uint64_t rows = 0;     // rows inserted or removed (count: rows counted)
  std::uint64_t bytes = 0;
  double seconds = 0.0;       // time spent inside the backend
  sim::LatencyHistogram latency;  // nanoseconds; quantiles as in `run` (docs/kernel.md)
  double ops_per_second() const { return seconds > 0 ? static_cast<double>(ops) / seconds : 0.0; }
};

struct ReplayFile {
  std::string path;
  StrategyKind strategy = StrategyKind::Deliver;
  std::uint64_t records = 0;
  std::uint32_t replications = 0;  // distinct replication numbers seen
};

struct ReplayReport {
  std::string backend;
  std::vector<ReplayFile> files;
  std::array<ReplayKindStats, kReplayKindCount> by_kind;
  ReplayKindStats all;             // every applied operation (catch-up reads are not spool operations: skipped)
  std::uint64_t skipped = 0;       // catchup_read records
  double wall_seconds = 0.0;
  std::uint64_t final_rows = 0;
  std::uint64_t final_size_bytes = 0;
};

// server_host of a replayed (strategy, replication): "r<rep>.<strategy>.spoolsim".
std::string replay_host(StrategyKind strategy, std::uint32_t replication);

// Replays each file in order into `backend` (one host per strategy and
// replication). Throws SpoolTraceError on a bad trace, SpoolBackendError on
// a backend failure.
ReplayReport replay_spool(const std::vector<std::string>& files, SpoolBackend& backend,
                          const ReplayOptions& options = {});

}  // namespace spoolsim::models

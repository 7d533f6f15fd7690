// Trace replay: reads records, maps each to a backend operation, times it.
#include "replay/spool_replay.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace spoolsim::models {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kMaxRowsPerInsert = 1'000'000;

}  // namespace

const char* replay_kind_name(int kind) {
  if (kind == kReplayExpire) return "expire";
  return to_string(static_cast<StoreOp>(kind));
}

std::string replay_host(StrategyKind strategy, std::uint32_t replication) {
  std::string s = to_string(strategy);
  for (char& c : s)
    if (c == '_') c = '-';  // host names have no underscore
  return "r" + std::to_string(replication) + "." + s + ".spoolsim";
}

namespace {

class Replayer {
 public:
  Replayer(SpoolBackend& backend, const ReplayOptions& options, ReplayReport& report)
      : backend_(backend), options_(options), report_(report) {}

  void file(const std::string& path, std::size_t index, std::size_t total) {
    SpoolTraceReader reader(path);
    ReplayFile info{path, reader.strategy(), 0, 0};
    std::vector<HostId> hosts;  // by replication, lazily
    std::vector<bool> seen;
    SpoolTraceRecord r;
    while (reader.next(r)) {
      const std::uint32_t rep = r.replication;
      if (rep >= hosts.size()) {
        if (rep > 1'000'000) throw SpoolTraceError("spool trace '" + path + "': replication " + std::to_string(rep) +
                                                   " out of range");
        hosts.resize(rep + 1, 0);
        seen.resize(rep + 1, false);
      }
      if (!seen[rep]) {
        seen[rep] = true;
        hosts[rep] = backend_.add_host(replay_host(reader.strategy(), rep));
        ++info.replications;
      }
      pace(r.op.time);
      expire_until(r.op.time);
      apply(path, info.records, hosts[rep], r.op);
      ++info.records;
      if ((info.records & 4095) == 0 && options_.progress) {
        const auto now = Clock::now();
        if (now - last_progress_ > std::chrono::milliseconds(100)) {
          last_progress_ = now;
          const double in_file = reader.file_size() ? static_cast<double>(reader.position()) /
                                                          static_cast<double>(reader.file_size())
                                                    : 0.0;
          options_.progress((static_cast<double>(index) + in_file) / static_cast<double>(total));
        }
      }
    }
    report_.files.push_back(info);
  }

  void finish() {
    if (in_batch_) {
      backend_.end_batch();
      in_batch_ = false;
    }
  }

 private:
  // --speed: hold the wall clock at (simulated time since the origin) / speed.
  // A step back in time (next replication or file) restarts the origin.
  void pace(sim::Time t) {
    if (options_.speed <= 0) return;
    const auto now = Clock::now();
    if (!paced_ || t < sim_origin_) {
      paced_ = true;
      sim_origin_ = t;
      wall_origin_ = now;
      return;
    }
    const double wall_us = static_cast<double>(t - sim_origin_) / options_.speed;
    const auto due = wall_origin_ + std::chrono::microseconds(static_cast<std::int64_t>(wall_us));
    if (due > now) {
      if (in_batch_) {  // do not hold a transaction open while sleeping
        backend_.end_batch();
        in_batch_ = false;
      }
      std::this_thread::sleep_until(due);
    }
  }

  // Like an operator's periodic delete_old_messages: once per simulated day.
  void expire_until(sim::Time t) {
    if (options_.expire_ttl <= 0) return;
    if (t < next_expiry_ - sim::kDay) next_expiry_ = (t / sim::kDay + 1) * sim::kDay;  // time went back
    while (t >= next_expiry_) {
      auto& s = report_.by_kind[kReplayExpire];
      const auto start = Clock::now();
      const SpoolRemoved removed = backend_.delete_expired(next_expiry_ - options_.expire_ttl);
      account(s, start, removed.rows, removed.bytes);
      next_expiry_ += sim::kDay;
    }
  }

  void apply(const std::string& path, std::uint64_t index, HostId host, const SpoolOperation& op) {
    if (op.kind == StoreOp::CatchupRead) {  // an archive read, not a spool statement
      ++report_.skipped;
      return;
    }
    if (options_.batch > 0) {
      if (in_batch_ && ops_in_batch_ >= options_.batch) {
        backend_.end_batch();
        in_batch_ = false;
      }
      if (!in_batch_) {
        backend_.begin_batch();
        in_batch_ = true;
        ops_in_batch_ = 0;
      }
      ++ops_in_batch_;
    }
    auto& s = report_.by_kind[static_cast<std::size_t>(op.kind)];
    switch (op.kind) {
      case StoreOp::Insert: {
        if (op.rows > kMaxRowsPerInsert || (op.rows > 0 && op.bytes / op.rows > options_.max_row_bytes))
          throw SpoolTraceError("spool trace '" + path + "' record " + std::to_string(index) + ": insert of " +
                                std::to_string(op.rows) + " rows, " + std::to_string(op.bytes) +
                                " bytes exceeds the replay limits (1e6 rows, " +
                                std::to_string(options_.max_row_bytes) + " bytes per row)");
        // One store_message per row; the bytes are shared out evenly.
        const auto start = Clock::now();
        for (std::uint32_t i = 0; i < op.rows; ++i) {
          const std::uint64_t bytes = op.bytes / op.rows + (i < op.bytes % op.rows ? 1 : 0);
          backend_.insert(host, op.user, op.time, bytes);
        }
        account(s, start, op.rows, op.bytes);
        break;
      }
      case StoreOp::Pop: {
        const auto start = Clock::now();
        const SpoolRemoved removed = backend_.pop_all(host, op.user);
        account(s, start, removed.rows, removed.bytes);
        break;
      }
      case StoreOp::DeleteByPurge: {
        const auto start = Clock::now();
        const SpoolRemoved removed = backend_.delete_all(host, op.user);
        account(s, start, removed.rows, removed.bytes);
        break;
      }
      case StoreOp::Count: {
        const auto start = Clock::now();
        const std::uint64_t n = backend_.count(host, op.user);
        account(s, start, n, 0);
        break;
      }
      case StoreOp::CatchupRead:
        break;
    }
  }

  void account(ReplayKindStats& s, Clock::time_point start, std::uint64_t rows, std::uint64_t bytes) {
    const std::int64_t ns = std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
    ++s.ops;
    s.rows += rows;
    s.bytes += bytes;
    s.seconds += static_cast<double>(ns) * 1e-9;
    s.latency.record(ns);
  }

  SpoolBackend& backend_;
  const ReplayOptions& options_;
  ReplayReport& report_;
  bool in_batch_ = false;
  std::uint64_t ops_in_batch_ = 0;
  bool paced_ = false;
  sim::Time sim_origin_ = 0;
  Clock::time_point wall_origin_;
  Clock::time_point last_progress_ = Clock::now();
  sim::Time next_expiry_ = sim::kDay;
};

}  // namespace

ReplayReport replay_spool(const std::vector<std::string>& files, SpoolBackend& backend, const ReplayOptions& options) {
  ReplayReport report;
  report.backend = backend.name();
  const auto start = Clock::now();
  Replayer replayer(backend, options, report);
  try {
    for (std::size_t i = 0; i < files.size(); ++i) replayer.file(files[i], i, files.size());
    replayer.finish();
  } catch (...) {
    try {
      replayer.finish();
    } catch (...) {
      // The first error is the one to report.
    }
    throw;
  }
  report.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& s : report.by_kind) {
    report.all.ops += s.ops;
    report.all.rows += s.rows;
    report.all.bytes += s.bytes;
    report.all.seconds += s.seconds;
    report.all.latency.merge(s.latency);
  }
  if (options.progress) options.progress(1.0);
  report.final_rows = backend.row_count();
  report.final_size_bytes = backend.size_bytes();
  return report;
}

}  // namespace spoolsim::models

// What a run produces (R10-R12): per replication, per strategy, counters,
// histograms and storage. Summaries over replications are in summary.hpp.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::models {

// R10.3: exactly one cause per lost message.
enum class LossCause : std::uint8_t {
  PurgedOnBind2, ZombieNoSm, ExpiredSpool, ExpiredArchive, CatchupGap, CatchupLimit,
  DroppedUnacked, ArchiveFailure, NotSpooled
};
inline constexpr int kLossCauseCount = 9;

// R6.4, R7.5: why the sender got an error.
enum class BounceReason : std::uint8_t { SpoolFull, OfflineDisabled, NoStore, UnackedNotArchived, UnackedOtherSession };
inline constexpr int kBounceReasonCount = 5;

// R11.1: operations by kind.
enum class StoreOp : std::uint8_t { Insert, Pop, DeleteByPurge, Count, CatchupRead };
inline constexpr int kStoreOpCount = 5;

// Tables of names and descriptions (names.cpp); to_string reads them.
EnumTable<LossCause> enum_table(LossCause);
EnumTable<BounceReason> enum_table(BounceReason);
EnumTable<StoreOp> enum_table(StoreOp);
const char* to_string(LossCause c);     // "purged_on_bind2", ...
const char* to_string(BounceReason r);  // "spool_full", ...
const char* to_string(StoreOp o);       // "insert", "pop", "delete_by_purge", "count", "catchup_read"

struct OutcomeCounts {  // R10, counted messages only
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t delivered_all_devices = 0;
  std::uint64_t bounced = 0;
  std::uint64_t lost = 0;
  std::uint64_t pending = 0;
  std::uint64_t duplicates = 0;
  std::array<std::uint64_t, kLossCauseCount> lost_by_cause{};
  std::array<std::uint64_t, kBounceReasonCount> bounced_by_reason{};

  double loss_rate() const { return sent ? static_cast<double>(lost) / static_cast<double>(sent) : 0.0; }
  void add(const OutcomeCounts& o);
  // R10.6 and lost == sum(lost_by_cause), bounced == sum(bounced_by_reason).
  bool consistent() const;
};

struct StorageStats {  // R11.1, over [warmup, horizon - drain)
  std::uint64_t peak_rows = 0;
  std::uint64_t peak_bytes = 0;
  double mean_rows = 0.0;   // time-average rows (all users)
  double byte_days = 0.0;   // time-integral of bytes
  std::uint64_t rows_written = 0;
  std::uint64_t rows_deleted = 0;
  std::array<std::uint64_t, kStoreOpCount> ops{};
};

// A store's rows and bytes at fixed sample times over the whole run (for the
// HTML report's occupancy plot): rows[k], bytes[k] hold the level after every
// change at or before times[k]. Empty unless the meter was asked to sample.
struct OccupancySeries {
  std::vector<sim::Time> times;
  std::vector<std::uint64_t> rows;
  std::vector<std::uint64_t> bytes;
};

struct GroupOutcome {  // R12.2 breakdown row
  std::string label;   // "conversations+gajim", or a profile name
  OutcomeCounts counts;
};

struct StrategyResult {  // one strategy, one replication
  StrategyKind strategy = StrategyKind::Deliver;
  OutcomeCounts outcomes;
  sim::LatencyHistogram latency_us;  // first reception - send time, delivered messages
  StorageStats spool;
  StorageStats archive;
  OccupancySeries spool_occupancy;  // this strategy's spool over [0, horizon]
  double cost_per_month_per_1000_users = 0.0;  // R11.2
  std::vector<GroupOutcome> by_recipient_mix;  // sorted by label
  std::vector<GroupOutcome> by_profile;        // profile of the device whose session decided
  std::uint64_t fingerprint = 0;  // of what the server did: every change of replica state
};

struct ReplicationResult {
  std::uint32_t replication = 0;
  std::uint64_t fingerprint = 0;     // of the world's executed events
  std::uint64_t world_events = 0;
  std::uint64_t replica_events = 0;  // events applied, summed over replicas
  std::vector<StrategyResult> strategies;  // in Scenario::strategies order
  OccupancySeries archive_occupancy;  // the world's archive, the same for every strategy
};

struct RunResult {
  std::uint32_t users = 0;
  std::uint64_t devices = 0;  // summed over replications' populations / replications
  std::vector<StrategyKind> strategies;
  std::vector<ReplicationResult> replications;  // in replication order
  double wall_seconds = 0.0;
};

}  // namespace spoolsim::models

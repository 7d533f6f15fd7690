// R11: storage accounting of one store (the spool of one replica) over the
// counted window [warmup, horizon - drain), and the cost model (R11.2).
#pragma once
#include <cstdint>

#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"
#include "sim/time.hpp"
#include "sim/time_weighted.hpp"

namespace spoolsim::models {

// Rows and bytes of one store as two time-weighted levels, plus the counts a
// store has and a level has not: rows written and deleted, operations.
class StorageMeter {
 public:
  StorageMeter(sim::Time window_start, sim::Time window_end);

  // Rows/bytes change at t (t never decreases between calls). Rows written
  // and deleted, and peaks, count only inside the window.
  void change(sim::Time t, std::int64_t rows, std::int64_t bytes);
  // One operation of `kind` at t (counted inside the window).
  void op(sim::Time t, StoreOp kind, std::uint64_t count = 1) {
    if (rows_.in_window(t)) counts_.ops[static_cast<std::size_t>(kind)] += count;
  }

  // Also keep the level at `points` evenly spaced times from 0 to `horizon`
  // (both included): one comparison per change, a push per sample passed.
  void sample_occupancy(sim::Time horizon, std::uint32_t points);
  // The samples up to `now` (the current level fills those not yet passed).
  OccupancySeries occupancy(sim::Time now) const;

  std::uint64_t rows() const { return static_cast<std::uint64_t>(rows_.level()); }
  std::uint64_t bytes() const { return static_cast<std::uint64_t>(bytes_.level()); }
  // Statistics over the whole window (the level is held to its end).
  StorageStats stats() const { return stats(rows_.window_end()); }
  // Statistics up to `now`: the mean is over the part of the window elapsed by then.
  StorageStats stats(sim::Time now) const;

 private:
  // Levels are whole rows and bytes, exact in a double up to 2^53.
  sim::TimeWeighted rows_;
  sim::TimeWeighted bytes_;
  StorageStats counts_;  // rows written and deleted, ops
  void record_samples_before(sim::Time t);
  OccupancySeries series_;  // times preset; rows and bytes grow as time passes them
  sim::Time next_sample_ = sim::kNever;
};

// The sample times the report uses: 201 points, every 0.5% of the horizon.
inline constexpr std::uint32_t kOccupancyPoints = 201;

// R11.2: money per 30-day month per 1,000 users. Storage is priced on the
// mean bytes over the window (GB = 1e9 bytes), operations on their count
// scaled from the window to 30 days. Spool and archive are summed.
double monthly_cost_per_1000_users(const StorageStats& spool, const StorageStats& archive,
                                   const Prices& prices, sim::Duration window,
                                   std::uint32_t users);

}  // namespace spoolsim::models

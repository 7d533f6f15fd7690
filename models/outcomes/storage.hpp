// R11: storage accounting of one store (the spool of one replica) over the
// counted window [warmup, horizon - drain), and the cost model (R11.2).
#pragma once
#include <cstdint>

#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

class StorageMeter {
 public:
  StorageMeter(sim::Time window_start, sim::Time window_end);

  // Rows/bytes change at t (t never decreases between calls). Rows written
  // and deleted, and peaks, count only inside the window.
  void change(sim::Time t, std::int64_t rows, std::int64_t bytes);
  // One operation of `kind` at t (counted inside the window).
  void op(sim::Time t, StoreOp kind, std::uint64_t count = 1);

  std::uint64_t rows() const { return rows_; }
  std::uint64_t bytes() const { return bytes_; }
  // Statistics over the whole window (the level is held to its end).
  StorageStats stats() const;

 private:
  void advance(sim::Time t);
  void note_peak();
  bool in_window(sim::Time t) const { return t >= start_ && t < end_; }

  sim::Time start_;
  sim::Time end_;
  sim::Time last_;
  bool seen_start_ = false;
  std::uint64_t rows_ = 0;
  std::uint64_t bytes_ = 0;
  double row_us_ = 0.0;   // integral of rows over time (row x microseconds)
  double byte_us_ = 0.0;  // integral of bytes over time
  StorageStats stats_;    // peaks, written, deleted, ops
};

// R11.2: money per 30-day month per 1,000 users. Storage is priced on the
// mean bytes over the window (GB = 1e9 bytes), operations on their count
// scaled from the window to 30 days. Spool and archive are summed.
double monthly_cost_per_1000_users(const StorageStats& spool, const StorageStats& archive,
                                   const Prices& prices, sim::Duration window,
                                   std::uint32_t users);

}  // namespace spoolsim::models

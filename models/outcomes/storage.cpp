#include "models/outcomes/storage.hpp"

#include <algorithm>

namespace spoolsim::models {

StorageMeter::StorageMeter(sim::Time window_start, sim::Time window_end)
    : start_(window_start), end_(std::max(window_start, window_end)), last_(0) {}

void StorageMeter::note_peak() {
  stats_.peak_rows = std::max(stats_.peak_rows, rows_);
  stats_.peak_bytes = std::max(stats_.peak_bytes, bytes_);
}

// Integrates the current level from the last change up to t, clipped to the window.
void StorageMeter::advance(sim::Time t) {
  const sim::Time a = std::max(last_, start_);
  const sim::Time b = std::min(t, end_);
  if (b > a) {
    const double span = static_cast<double>(b - a);
    row_us_ += static_cast<double>(rows_) * span;
    byte_us_ += static_cast<double>(bytes_) * span;
  }
  if (!seen_start_ && t >= start_ && start_ < end_) {
    seen_start_ = true;
    note_peak();  // the level holding when the window opens
  }
  last_ = std::max(last_, t);
}

void StorageMeter::change(sim::Time t, std::int64_t rows, std::int64_t bytes) {
  advance(t);
  rows_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(rows_) + rows);
  bytes_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(bytes_) + bytes);
  if (in_window(t)) {
    note_peak();
    if (rows > 0) stats_.rows_written += static_cast<std::uint64_t>(rows);
    if (rows < 0) stats_.rows_deleted += static_cast<std::uint64_t>(-rows);
  }
}

void StorageMeter::op(sim::Time t, StoreOp kind, std::uint64_t count) {
  if (in_window(t)) stats_.ops[static_cast<std::size_t>(kind)] += count;
}

StorageStats StorageMeter::stats() const {
  StorageMeter closed = *this;
  closed.advance(end_);
  StorageStats s = closed.stats_;
  const double window = static_cast<double>(end_ - start_);
  s.mean_rows = window > 0 ? closed.row_us_ / window : 0.0;
  s.byte_days = closed.byte_us_ / static_cast<double>(sim::kDay);
  return s;
}

}  // namespace spoolsim::models

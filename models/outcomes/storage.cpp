#include "models/outcomes/storage.hpp"

namespace spoolsim::models {

StorageMeter::StorageMeter(sim::Time window_start, sim::Time window_end)
    : rows_(window_start, window_end), bytes_(window_start, window_end) {}

void StorageMeter::change(sim::Time t, std::int64_t rows, std::int64_t bytes) {
  rows_.add(t, static_cast<double>(rows));
  bytes_.add(t, static_cast<double>(bytes));
  if (rows_.in_window(t)) {
    if (rows > 0) counts_.rows_written += static_cast<std::uint64_t>(rows);
    if (rows < 0) counts_.rows_deleted += static_cast<std::uint64_t>(-rows);
  }
}

void StorageMeter::op(sim::Time t, StoreOp kind, std::uint64_t count) {
  if (rows_.in_window(t)) counts_.ops[static_cast<std::size_t>(kind)] += count;
}

StorageStats StorageMeter::stats(sim::Time now) const {
  StorageStats s = counts_;
  s.peak_rows = static_cast<std::uint64_t>(rows_.peak(now));
  s.peak_bytes = static_cast<std::uint64_t>(bytes_.peak(now));
  s.mean_rows = rows_.average(now);
  s.byte_days = bytes_.integral(now) / static_cast<double>(sim::kDay);
  return s;
}

}  // namespace spoolsim::models

#include "models/outcomes/storage.hpp"

namespace spoolsim::models {

StorageMeter::StorageMeter(sim::Time window_start, sim::Time window_end)
    : rows_(window_start, window_end), bytes_(window_start, window_end) {}

void StorageMeter::sample_occupancy(sim::Time horizon, std::uint32_t points) {
  series_ = OccupancySeries{};
  next_sample_ = sim::kNever;
  if (points < 2 || horizon <= 0) return;
  for (std::uint32_t k = 0; k < points; ++k)
    series_.times.push_back(horizon / (points - 1) * k + horizon % (points - 1) * k / (points - 1));
  series_.rows.reserve(points);
  series_.bytes.reserve(points);
  next_sample_ = series_.times.front();
}

// A change at t > times[k] means every change up to times[k] is in: the
// level now is the level at times[k].
void StorageMeter::record_samples_before(sim::Time t) {
  while (next_sample_ < t) {
    series_.rows.push_back(rows());
    series_.bytes.push_back(bytes());
    const std::size_t k = series_.rows.size();
    next_sample_ = k < series_.times.size() ? series_.times[k] : sim::kNever;
  }
}

OccupancySeries StorageMeter::occupancy(sim::Time now) const {
  OccupancySeries out = series_;
  for (std::size_t k = out.rows.size(); k < out.times.size() && out.times[k] <= now; ++k) {
    out.rows.push_back(rows());
    out.bytes.push_back(bytes());
  }
  out.times.resize(out.rows.size());
  return out;
}

void StorageMeter::change(sim::Time t, std::int64_t rows, std::int64_t bytes) {
  if (t > next_sample_) record_samples_before(t);
  rows_.add(t, static_cast<double>(rows));
  bytes_.add(t, static_cast<double>(bytes));
  if (rows_.in_window(t)) {
    if (rows > 0) counts_.rows_written += static_cast<std::uint64_t>(rows);
    if (rows < 0) counts_.rows_deleted += static_cast<std::uint64_t>(-rows);
  }
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

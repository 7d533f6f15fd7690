#include "viz/live_series.hpp"

#include <algorithm>

namespace spoolsim::viz {

DownsampledSeries::DownsampledSeries(std::size_t capacity)
    : capacity_(std::max<std::size_t>(2, capacity + (capacity % 2))) {
  times_.reserve(capacity_);
  values_.reserve(capacity_);
}

void DownsampledSeries::push(double time, double value) {
  if (offered_ % stride_ == 0) {
    if (times_.size() == capacity_) {
      compact();
    }
    // After compaction the stride doubled: this index may no longer be kept.
    if (offered_ % stride_ == 0) {
      times_.push_back(time);
      values_.push_back(static_cast<float>(value));
    }
  }
  last_time_ = time;
  last_value_ = value;
  ++offered_;
}

void DownsampledSeries::compact() {
  // Keep offered indices that are multiples of 2 * stride: positions 0, 2, 4, ...
  std::size_t kept = 0;
  for (std::size_t i = 0; i < times_.size(); i += 2) {
    times_[kept] = times_[i];
    values_[kept] = values_[i];
    ++kept;
  }
  times_.resize(kept);
  values_.resize(kept);
  stride_ *= 2;
}

void DownsampledSeries::clear() {
  stride_ = 1;
  offered_ = 0;
  times_.clear();
  values_.clear();
  last_time_ = 0.0;
  last_value_ = 0.0;
}

std::vector<double> DownsampledSeries::times() const {
  std::vector<double> out = times_;
  if (offered_ > 0 && (offered_ - 1) % stride_ != 0) {
    out.push_back(last_time_);
  }
  return out;
}

std::vector<float> DownsampledSeries::values() const {
  std::vector<float> out = values_;
  if (offered_ > 0 && (offered_ - 1) % stride_ != 0) {
    out.push_back(static_cast<float>(last_value_));
  }
  return out;
}

}  // namespace spoolsim::viz

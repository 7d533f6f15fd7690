#include "sim/time_weighted.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace spoolsim::sim {

TimeWeighted::TimeWeighted(Time window_start, Time window_end)
    : start_(window_start),
      end_(std::max(window_start, window_end)),
      last_(std::numeric_limits<Time>::min()) {}  // no change yet

void TimeWeighted::time_went_back(Time now) const {
  throw std::invalid_argument("TimeWeighted: time went back from " + std::to_string(last_) + " to " +
                              std::to_string(now));
}

double TimeWeighted::integral(Time now) const {
  if (now < last_ && now < end_)
    throw std::invalid_argument("TimeWeighted: integral asked at " + std::to_string(now) +
                                " before the last change at " + std::to_string(last_));
  return integral_ + level_ * span_to(now);
}

double TimeWeighted::average(Time now) const {
  const Time elapsed = std::min(now, end_) - start_;
  return elapsed > 0 ? integral(now) / static_cast<double>(elapsed) : 0.0;
}

double TimeWeighted::peak(Time now) const {
  if (!opened_ && now >= start_ && start_ < end_) return std::max(peak_, level_);
  return peak_;
}

}  // namespace spoolsim::sim

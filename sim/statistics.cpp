// Welford/Chan moments, Student-t intervals and the log-bucketed latency
// histogram.
#include "sim/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>


namespace spoolsim::sim {

// ---- RunningStat -----------------------------------------------------------

void RunningStat::add(double x) {
  ++n_;
  const double delta = x - mean_;
  mean_ += delta / static_cast<double>(n_);
  m2_ += delta * (x - mean_);
}

void RunningStat::merge(const RunningStat& other) {  // Chan et al.
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(other.n_);
  const double n = na + nb;
  const double delta = other.mean_ - mean_;
  mean_ += delta * nb / n;
  m2_ += other.m2_ + delta * delta * na * nb / n;
  n_ += other.n_;
}

double RunningStat::variance() const {
  return n_ < 2 ? 0.0 : std::max(0.0, m2_ / static_cast<double>(n_ - 1));
}

double RunningStat::stddev() const { return std::sqrt(variance()); }

// ---- Student t -------------------------------------------------------------

double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom) {
  if (!(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument("student_t_quantile: confidence must be in (0, 1), got " +
                                std::to_string(confidence));
  if (degrees_of_freedom == 0)
    throw std::invalid_argument("student_t_quantile: needs at least 1 degree of freedom");
  const double tail = (1.0 - confidence) / 2.0;  // mass above the quantile
  const boost::math::students_t_distribution<double> t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(boost::math::complement(t, tail));
}

ConfidenceInterval confidence_interval(const RunningStat& stat, double confidence) {
  ConfidenceInterval ci;
  ci.mean = stat.mean();
  ci.low = ci.high = ci.mean;
  if (stat.count() < 2) return ci;
  const double half = student_t_quantile(confidence, stat.count() - 1) * stat.stddev() /
                      std::sqrt(static_cast<double>(stat.count()));
  ci.low = ci.mean - half;
  ci.high = ci.mean + half;
  return ci;
}

ConfidenceInterval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                                     double confidence) {
  if (a.size() != b.size())
    throw std::invalid_argument("paired_difference: " + std::to_string(a.size()) + " values against " +
                                std::to_string(b.size()) + "; pairs need equal counts");
  RunningStat diff;
  for (std::size_t i = 0; i < a.size(); ++i) diff.add(a[i] - b[i]);
  return confidence_interval(diff, confidence);
}

// ---- LatencyHistogram ------------------------------------------------------
//
// Values below 2^kSubBits are counted exactly. Above, each power of two
// [2^m, 2^(m+1)) is split into 2^kSubBits buckets of width 2^(m - kSubBits).
// quantile() returns the middle of the bucket, so the answer differs from the
// exact nearest-rank quantile by at most half a bucket width: a relative error
// of at most 2^-(kSubBits + 1) = 1/256 (< kRelativeError).

// Smallest value and width of a bucket.
void LatencyHistogram::bucket_range(std::size_t index, std::int64_t& low, std::int64_t& width) {
  const auto i = static_cast<std::int64_t>(index);
  if (i < 2 * kSub) {
    low = i;
    width = 1;
    return;
  }
  const std::int64_t shift = i / kSub - 1;
  const std::int64_t sub = i - shift * kSub;  // in [kSub, 2 kSub)
  low = sub << shift;
  width = std::int64_t{1} << shift;
}

void LatencyHistogram::negative(std::int64_t value) {
  throw std::invalid_argument("LatencyHistogram: negative value " + std::to_string(value));
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.buckets_.size() > buckets_.size()) buckets_.resize(other.buckets_.size(), 0);
  for (std::size_t i = 0; i < other.buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  if (other.count_ == 0) return;
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

std::int64_t LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Nearest rank: the smallest value with at least ceil(q n) values <= it.
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  if (rank == count_) return max_;
  if (rank == 1) return min_;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      std::int64_t low = 0;
      std::int64_t width = 1;
      bucket_range(i, low, width);
      return std::clamp(low + (width - 1) / 2, min_, max_);
    }
  }
  return max_;
}

double LatencyHistogram::mean() const {
  return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_);
}

}  // namespace spoolsim::sim

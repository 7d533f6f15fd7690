// Statistics for reports: Welford mean/variance, Student-t confidence
// intervals over replications, paired differences and bounded-memory latency
// quantiles (time-weighted levels: sim/time_weighted.hpp).
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace spoolsim::sim {

class RunningStat {  // Welford
 public:
  void add(double x);
  void merge(const RunningStat& other);
  std::uint64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const;  // sample variance (n - 1); 0 when n < 2
  double stddev() const;

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

struct ConfidenceInterval {
  double mean = 0.0;
  double low = 0.0;
  double high = 0.0;
  double half_width() const { return (high - low) / 2.0; }
  bool contains(double x) const { return low <= x && x <= high; }
};

// Two-sided Student-t quantile for the given confidence level and degrees of
// freedom, from Boost.Math (correctly rounded in the tests' range).
double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom);
// Mean +- t * s / sqrt(n). With n < 2 the interval is [mean, mean].
ConfidenceInterval confidence_interval(const RunningStat& stat, double confidence = 0.95);
// R12.3: CI of the mean of a[i] - b[i] (paired by replication).
ConfidenceInterval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                                     double confidence = 0.95);

// Log-bucketed histogram (HdrHistogram style) of non-negative integer values
// (e.g. latency in microseconds); quantiles within a known relative error.
class LatencyHistogram {
 public:
  static constexpr double kRelativeError = 0.01;  // implementation documents the real bound
  // Inline: every delivered message records its latency.
  void record(std::int64_t value, std::uint64_t count = 1) {
    if (value < 0) [[unlikely]] negative(value);
    if (count == 0) return;
    const std::size_t b = bucket_of(value);
    if (b >= buckets_.size()) [[unlikely]] buckets_.resize(b + 1, 0);
    buckets_[b] += count;
    min_ = count_ == 0 ? value : std::min(min_, value);
    count_ += count;
    max_ = std::max(max_, value);
    sum_ += static_cast<double>(value) * static_cast<double>(count);
  }
  void merge(const LatencyHistogram& other);
  std::uint64_t count() const { return count_; }
  std::int64_t quantile(double q) const;  // 0 when empty
  std::int64_t max() const { return max_; }
  double mean() const;

 private:
  // Bucketing: statistics.cpp explains the error bound.
  static constexpr int kSubBits = 7;
  static constexpr std::int64_t kSub = std::int64_t{1} << kSubBits;
  static std::size_t bucket_of(std::int64_t v) {
    if (v < kSub) return static_cast<std::size_t>(v);
    const int m = 63 - __builtin_clzll(static_cast<unsigned long long>(v));
    const int shift = m - kSubBits;
    return static_cast<std::size_t>(shift) * static_cast<std::size_t>(kSub) + static_cast<std::size_t>(v >> shift);
  }
  static void bucket_range(std::size_t index, std::int64_t& low, std::int64_t& width);
  [[noreturn]] static void negative(std::int64_t value);

  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;  // exact extremes: quantiles are clamped to [min, max]
  std::int64_t max_ = 0;
  double sum_ = 0.0;
};

}  // namespace spoolsim::sim

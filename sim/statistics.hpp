// Statistics for reports: Welford mean/variance, Student-t confidence
// intervals over replications, paired differences and bounded-memory latency
// quantiles (time-weighted levels: sim/time_weighted.hpp).
#pragma once
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
// freedom. Within 5e-13 (relative) of Boost.Math's for df < 200, 1e-11 from
// df 200 on at confidence <= 0.99 (tests). Kept rather than Boost's, which
// is correctly rounded but differs by 1-3 ulp and so changes the CI bounds
// that runs print (docs/kernel.md).
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
  void record(std::int64_t value, std::uint64_t count = 1);
  void merge(const LatencyHistogram& other);
  std::uint64_t count() const { return count_; }
  std::int64_t quantile(double q) const;  // 0 when empty
  std::int64_t max() const { return max_; }
  double mean() const;

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;  // exact extremes: quantiles are clamped to [min, max]
  std::int64_t max_ = 0;
  double sum_ = 0.0;
};

}  // namespace spoolsim::sim

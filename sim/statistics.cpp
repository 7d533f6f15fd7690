// Welford/Chan moments, Student-t intervals and the log-bucketed latency
// histogram.
#include "sim/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/distribution.hpp"

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

namespace {

// Continued fraction of the regularised incomplete beta (modified Lentz).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double eps = 1e-16;
  double c = 1.0;
  double d = 1.0 - (a + b) * x / (a + 1.0);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double dm = m;
    double aa = dm * (b - dm) * x / ((a + 2 * dm - 1) * (a + 2 * dm));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + dm) * (a + b + dm) * x / ((a + 2 * dm) * (a + 2 * dm + 1));
    d = 1.0 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < eps) break;
  }
  return h;
}

// I_x(a, b), the regularised incomplete beta function.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

}  // namespace

double student_t_quantile(double confidence, std::uint64_t degrees_of_freedom) {
  if (!(confidence > 0.0 && confidence < 1.0))
    throw std::invalid_argument("student_t_quantile: confidence must be in (0, 1), got " +
                                std::to_string(confidence));
  if (degrees_of_freedom == 0)
    throw std::invalid_argument("student_t_quantile: needs at least 1 degree of freedom");
  const double alpha = 1.0 - confidence;  // two-sided tail mass
  const double z = standard_normal_quantile(1.0 - alpha / 2.0);
  const double v = static_cast<double>(degrees_of_freedom);
  if (degrees_of_freedom >= 200) {
    // Cornish-Fisher expansion in 1/v (Abramowitz & Stegun 26.7.5); the
    // neglected term is below 1e-11 for v >= 200.
    const double z2 = z * z;
    const double g1 = (z2 + 1.0) * z / 4.0;
    const double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    const double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    const double g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
  }
  // P(|T| > t) = I_x(v/2, 1/2) with x = v / (v + t^2); find x by bisection
  // (I_x is increasing in x), then t = sqrt(v (1 - x) / x).
  double lo = 0.0;
  double hi = 1.0;
  for (int i = 0; i < 200 && hi - lo > 0.0; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    if (incomplete_beta(v / 2.0, 0.5, mid) < alpha) lo = mid;
    else hi = mid;
  }
  const double x = 0.5 * (lo + hi);
  return std::sqrt(v * (1.0 - x) / x);
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

namespace {

constexpr int kSubBits = 7;
constexpr std::int64_t kSub = std::int64_t{1} << kSubBits;

std::size_t bucket_of(std::int64_t v) {
  if (v < kSub) return static_cast<std::size_t>(v);
  const int m = 63 - __builtin_clzll(static_cast<unsigned long long>(v));
  const int shift = m - kSubBits;
  return static_cast<std::size_t>(shift) * static_cast<std::size_t>(kSub) +
         static_cast<std::size_t>(v >> shift);
}

// Smallest value and width of a bucket.
void bucket_range(std::size_t index, std::int64_t& low, std::int64_t& width) {
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

}  // namespace

void LatencyHistogram::record(std::int64_t value, std::uint64_t count) {
  if (value < 0)
    throw std::invalid_argument("LatencyHistogram: negative value " + std::to_string(value));
  if (count == 0) return;
  const std::size_t b = bucket_of(value);
  if (b >= buckets_.size()) buckets_.resize(b + 1, 0);
  buckets_[b] += count;
  min_ = count_ == 0 ? value : std::min(min_, value);
  count_ += count;
  max_ = std::max(max_, value);
  sum_ += static_cast<double>(value) * static_cast<double>(count);
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

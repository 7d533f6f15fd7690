// Statistics: Welford/Chan, Student t, confidence intervals, paired
// differences and the latency histogram's error bound.
#include <gtest/gtest.h>

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "sim/distribution.hpp"
#include "sim/random.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::sim {
namespace {

void two_pass(const std::vector<double>& x, double& mean, double& variance) {
  double sum = 0.0;
  for (double v : x) sum += v;
  mean = sum / static_cast<double>(x.size());
  double ss = 0.0;
  for (double v : x) ss += (v - mean) * (v - mean);
  variance = ss / static_cast<double>(x.size() - 1);
}

TEST(SimStatistics, WelfordMatchesTwoPassEvenWithALargeOffset) {
  RandomStream rng(1, 0, 0, 0);
  std::vector<double> x;
  for (int i = 0; i < 10'000; ++i) x.push_back(1e9 + rng.uniform01());  // naive sum-of-squares fails here
  RunningStat s;
  for (double v : x) s.add(v);
  double mean = 0.0;
  double variance = 0.0;
  two_pass(x, mean, variance);
  EXPECT_EQ(s.count(), x.size());
  EXPECT_NEAR(s.mean(), mean, 1e-14 * mean);
  EXPECT_NEAR(s.variance() / variance, 1.0, 1e-6);  // variance ~ 1/12
  EXPECT_NEAR(s.stddev(), std::sqrt(variance), 1e-6);
}

TEST(SimStatistics, MergeEqualsOneStream) {
  RandomStream rng(2, 0, 0, 0);
  RunningStat all;
  RunningStat parts[3];
  for (int i = 0; i < 3000; ++i) {
    const double v = 100.0 * rng.uniform01() + static_cast<double>(i % 7);
    all.add(v);
    parts[i < 100 ? 0 : i < 2000 ? 1 : 2].add(v);
  }
  RunningStat merged;
  merged.merge(RunningStat{});  // merging empty is a no-op
  for (const auto& p : parts) merged.merge(p);
  merged.merge(RunningStat{});
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-10);
  EXPECT_NEAR(merged.variance(), all.variance(), 1e-8);
}

TEST(SimStatistics, SmallSamples) {
  RunningStat s;
  EXPECT_EQ(s.variance(), 0.0);
  s.add(3.0);
  EXPECT_EQ(s.mean(), 3.0);
  EXPECT_EQ(s.variance(), 0.0);
  const auto ci = confidence_interval(s);
  EXPECT_EQ(ci.low, 3.0);
  EXPECT_EQ(ci.high, 3.0);
}

TEST(SimStatistics, StudentTMatchesTables) {
  // Printed tables (two-sided 95% unless noted), three decimals.
  EXPECT_NEAR(student_t_quantile(0.95, 1), 12.706, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 4), 2.776, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 9), 2.262, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 29), 2.045, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 120), 1.980, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.99, 10), 3.169, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.90, 5), 2.015, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, 1'000'000'000), 1.960, 5e-4);
  EXPECT_NEAR(student_t_quantile(0.95, UINT64_MAX), 1.959963984540054, 1e-9);
  // Closed forms: df 1 is Cauchy, tan(pi (p - 1/2)); df 2 is (2p-1) / sqrt(2p(1-p)).
  EXPECT_NEAR(student_t_quantile(0.95, 1), std::tan(std::numbers::pi * 0.475), 1e-8);
  EXPECT_NEAR(student_t_quantile(0.99, 1), std::tan(std::numbers::pi * 0.495), 1e-6);
  EXPECT_NEAR(student_t_quantile(0.95, 2), 0.95 / std::sqrt(2.0 * 0.975 * 0.025), 1e-9);
}

TEST(SimStatistics, StudentTIsSmoothAndDecreasingInDf) {
  double previous = student_t_quantile(0.95, 1);
  for (std::uint64_t df = 2; df <= 400; ++df) {
    const double t = student_t_quantile(0.95, df);
    EXPECT_LT(t, previous) << df;
    // Past df 100 the steps t(df-1) - t(df) shrink like 1/df^2, so the ratio
    // of consecutive steps is (df-1)^2/df^2 to within a few 1e-4: this catches
    // any jump where the method changes (df 200).
    if (df > 100) {
      const double step = previous - t;
      const double next_step = t - student_t_quantile(0.95, df + 1);
      const double expected = static_cast<double>(df * df) / static_cast<double>((df + 1) * (df + 1));
      EXPECT_NEAR(next_step / step, expected, 1e-3) << df;
    }
    previous = t;
  }
  EXPECT_THROW(student_t_quantile(0.95, 0), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(1.0, 5), std::invalid_argument);
  EXPECT_THROW(student_t_quantile(0.0, 5), std::invalid_argument);
}

TEST(SimStatistics, StudentTAgreesWithBoostMath) {
  // The hand-written quantile stays for bit-identical CIs (statistics.hpp);
  // Boost.Math's, correctly rounded, bounds its error.
  for (double confidence : {0.8, 0.9, 0.95, 0.99}) {
    for (std::uint64_t df = 1; df <= 5'000; df += df < 300 ? 1 : 97) {
      const boost::math::students_t_distribution<double> t(static_cast<double>(df));
      const double exact = boost::math::quantile(boost::math::complement(t, (1.0 - confidence) / 2.0));
      const double bound = df < 200 ? 5e-13 : 2e-11;  // bisection, then Cornish-Fisher
      EXPECT_NEAR(student_t_quantile(confidence, df) / exact, 1.0, bound) << confidence << " df " << df;
    }
  }
}

TEST(SimStatistics, ConfidenceIntervalOnAKnownSample) {
  // {2,4,4,4,5,5,7,9}: mean 5, sample variance 32/7, t(0.975, 7) = 2.3646.
  RunningStat s;
  for (double v : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) s.add(v);
  const auto ci = confidence_interval(s, 0.95);
  const double half = 2.364624251592785 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  EXPECT_DOUBLE_EQ(ci.mean, 5.0);
  EXPECT_NEAR(ci.half_width(), half, 1e-9);
  EXPECT_NEAR(ci.low, 5.0 - half, 1e-9);
  EXPECT_TRUE(ci.contains(5.0));
  EXPECT_FALSE(ci.contains(5.0 + half + 1e-6));
}

TEST(SimStatistics, ConfidenceIntervalCoverage) {
  // 2000 intervals from 10 normal samples each must cover the true mean
  // about 95% of the time: within 4 standard errors of a binomial proportion.
  RandomStream rng(3, 0, 0, 0);
  constexpr int trials = 2000;
  int covered = 0;
  for (int t = 0; t < trials; ++t) {
    RunningStat s;
    for (int i = 0; i < 10; ++i) s.add(7.0 + 2.0 * standard_normal_quantile(rng.uniform01()));
    covered += confidence_interval(s, 0.95).contains(7.0) ? 1 : 0;
  }
  EXPECT_NEAR(static_cast<double>(covered) / trials, 0.95, 4.0 * std::sqrt(0.95 * 0.05 / trials));
}

TEST(SimStatistics, PairedDifference) {
  // Differences 1, 1, 0, 2: mean 1, variance 2/3, t(0.975, 3) = 3.18245.
  const std::vector<double> a = {10, 12, 11, 13};
  const std::vector<double> b = {9, 11, 11, 11};
  const auto ci = paired_difference(a, b);
  EXPECT_DOUBLE_EQ(ci.mean, 1.0);
  EXPECT_NEAR(ci.half_width(), 3.182446305284263 * std::sqrt(2.0 / 3.0) / 2.0, 1e-9);
  // Pairing removes the shared noise: an unpaired interval on a alone is wider.
  RunningStat sa;
  for (double v : a) sa.add(v);
  EXPECT_GT(confidence_interval(sa).half_width(), 0.0);
  EXPECT_THROW(paired_difference({1.0, 2.0}, {1.0}), std::invalid_argument);
}

std::int64_t exact_quantile(const std::vector<std::int64_t>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

TEST(SimStatistics, HistogramQuantilesWithinTheRelativeErrorBound) {
  // Latencies from microseconds to days (lognormal, median 100 ms, sigma 3).
  RandomStream rng(4, 0, 0, 0);
  const auto d = Distribution::lognormal_median(1e5, 3.0);
  LatencyHistogram h;
  std::vector<std::int64_t> values;
  double sum = 0.0;
  for (int i = 0; i < 100'000; ++i) {
    const auto v = static_cast<std::int64_t>(d.sample(rng));
    values.push_back(v);
    h.record(v);
    sum += static_cast<double>(v);
  }
  std::sort(values.begin(), values.end());
  const double bound = 1.0 / 256.0;  // documented: 2^-(7 + 1)
  ASSERT_LE(bound, LatencyHistogram::kRelativeError);
  for (double q : {0.0, 0.001, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0}) {
    const std::int64_t exact = exact_quantile(values, q);
    const std::int64_t got = h.quantile(q);
    EXPECT_LE(std::abs(static_cast<double>(got - exact)), bound * static_cast<double>(exact)) << "q " << q;
  }
  EXPECT_EQ(h.count(), values.size());
  EXPECT_EQ(h.max(), values.back());
  EXPECT_EQ(h.quantile(1.0), values.back());
  EXPECT_NEAR(h.mean(), sum / static_cast<double>(values.size()), 1e-9 * sum / static_cast<double>(values.size()));
}

TEST(SimStatistics, HistogramSmallValuesAreExact) {
  LatencyHistogram h;
  for (std::int64_t v = 0; v < 256; ++v) h.record(v);
  for (std::int64_t v = 0; v < 256; ++v) EXPECT_EQ(h.quantile(static_cast<double>(v + 1) / 256.0), v);
  EXPECT_EQ(LatencyHistogram{}.quantile(0.5), 0);
  EXPECT_EQ(LatencyHistogram{}.mean(), 0.0);
  EXPECT_THROW(h.record(-1), std::invalid_argument);
  LatencyHistogram big;
  big.record(INT64_MAX);
  EXPECT_EQ(big.quantile(0.5), INT64_MAX);  // one value: min and max are exact
}

TEST(SimStatistics, HistogramMergeEqualsOneHistogram) {
  RandomStream rng(5, 0, 0, 0);
  LatencyHistogram all;
  LatencyHistogram left;
  LatencyHistogram right;
  for (int i = 0; i < 20'000; ++i) {
    const auto v = static_cast<std::int64_t>(rng.below(i % 2 ? 1'000 : 10'000'000));
    all.record(v);
    (i % 3 ? left : right).record(v, 2);
    all.record(v);
  }
  left.merge(right);
  EXPECT_EQ(left.count(), all.count());
  EXPECT_EQ(left.max(), all.max());
  EXPECT_DOUBLE_EQ(left.mean(), all.mean());
  for (double q : {0.01, 0.25, 0.5, 0.75, 0.99, 1.0}) EXPECT_EQ(left.quantile(q), all.quantile(q));
}

}  // namespace
}  // namespace spoolsim::sim

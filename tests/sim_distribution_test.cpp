// Distributions: sample means within 4 standard errors of the theoretical
// mean (SE from the theoretical variance), and Kolmogorov-Smirnov against
// cdf() at the 1% level (critical value 1.628 / sqrt(n)).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/distribution.hpp"

namespace spoolsim::sim {
namespace {

constexpr int kSamples = 100'000;

struct Case {
  std::string name;
  Distribution dist;
  double variance;  // theoretical
};

std::vector<Case> cases() {
  const double mu = std::log(2.0);
  const double s = 0.75;
  const double g1 = std::tgamma(1.0 + 1.0 / 1.5);
  const double g2 = std::tgamma(1.0 + 2.0 / 1.5);
  return {
      {"exponential", Distribution::exponential(3.0), 9.0},
      {"lognormal_median", Distribution::lognormal_median(2.0, s),
       (std::exp(s * s) - 1.0) * std::exp(2.0 * mu + s * s)},
      {"lognormal_mean", Distribution::lognormal_mean(5.0, 0.5), (std::exp(0.25) - 1.0) * 25.0},
      {"weibull", Distribution::weibull(10.0, 1.5), 100.0 * (g2 - g1 * g1)},
      {"pareto", Distribution::pareto(1.0, 4.5), 4.5 / (3.5 * 3.5 * 2.5)},
      {"uniform", Distribution::uniform(-2.0, 6.0), 64.0 / 12.0},
  };
}

TEST(SimDistribution, SampleMeansMatchTheory) {
  std::uint64_t purpose = 0;
  for (const Case& c : cases()) {
    RandomStream rng(42, 0, 0, purpose++);
    double sum = 0.0;
    for (int i = 0; i < kSamples; ++i) sum += c.dist.sample(rng);
    const double se = std::sqrt(c.variance / kSamples);
    EXPECT_NEAR(sum / kSamples, c.dist.mean(), 4.0 * se) << c.name;
  }
}

TEST(SimDistribution, KolmogorovSmirnovAgainstCdf) {
  std::uint64_t purpose = 100;
  for (const Case& c : cases()) {
    RandomStream rng(42, 0, 0, purpose++);
    std::vector<double> x(kSamples);
    for (double& v : x) v = c.dist.sample(rng);
    std::sort(x.begin(), x.end());
    double d = 0.0;
    for (int i = 0; i < kSamples; ++i) {
      const double f = c.dist.cdf(x[static_cast<std::size_t>(i)]);
      d = std::max({d, f - static_cast<double>(i) / kSamples, static_cast<double>(i + 1) / kSamples - f});
    }
    EXPECT_LT(d, 1.628 / std::sqrt(static_cast<double>(kSamples))) << c.name;
  }
}

TEST(SimDistribution, TheoreticalMeans) {
  EXPECT_DOUBLE_EQ(Distribution::exponential(3.0).mean(), 3.0);
  EXPECT_NEAR(Distribution::lognormal_mean(5.0, 0.5).mean(), 5.0, 1e-12);
  EXPECT_NEAR(Distribution::lognormal_median(2.0, 0.0).mean(), 2.0, 1e-12);
  EXPECT_NEAR(Distribution::weibull(10.0, 1.0).mean(), 10.0, 1e-12);  // shape 1 is exponential
  EXPECT_DOUBLE_EQ(Distribution::pareto(2.0, 3.0).mean(), 3.0);
  EXPECT_TRUE(std::isinf(Distribution::pareto(2.0, 1.0).mean()));
  EXPECT_DOUBLE_EQ(Distribution::uniform(1.0, 3.0).mean(), 2.0);
  EXPECT_DOUBLE_EQ(Distribution::constant(4.5).mean(), 4.5);
}

TEST(SimDistribution, CdfEdges) {
  const auto e = Distribution::exponential(2.0);
  EXPECT_EQ(e.cdf(-1.0), 0.0);
  EXPECT_NEAR(e.cdf(2.0), 1.0 - std::exp(-1.0), 1e-15);
  const auto ln = Distribution::lognormal_median(3.0, 0.4);
  EXPECT_NEAR(ln.cdf(3.0), 0.5, 1e-15);  // the median
  EXPECT_EQ(ln.cdf(0.0), 0.0);
  EXPECT_EQ(Distribution::pareto(2.0, 1.5).cdf(1.9), 0.0);
  EXPECT_EQ(Distribution::uniform(1.0, 3.0).cdf(3.0), 1.0);
  EXPECT_EQ(Distribution::constant(4.0).cdf(3.99), 0.0);
  EXPECT_EQ(Distribution::constant(4.0).cdf(4.0), 1.0);
}

TEST(SimDistribution, ConstantAlwaysReturnsItsValue) {
  RandomStream rng(1, 0, 0, 0);
  const auto c = Distribution::constant(7.25);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(c.sample(rng), 7.25);
}

TEST(SimDistribution, EmpiricalFrequenciesMatchWeights) {
  const std::vector<double> values = {10.0, 20.0, 30.0, 40.0};
  const std::vector<double> weights = {1.0, 0.0, 3.0, 6.0};  // 20 has weight 0: never drawn
  const auto d = Distribution::empirical(values, weights);
  RandomStream rng(77, 0, 0, 0);
  std::vector<int> count(values.size(), 0);
  for (int i = 0; i < kSamples; ++i) {
    const double x = d.sample(rng);
    const auto it = std::find(values.begin(), values.end(), x);
    ASSERT_NE(it, values.end()) << x;
    ++count[static_cast<std::size_t>(it - values.begin())];
  }
  EXPECT_EQ(count[1], 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double p = weights[i] / 10.0;
    EXPECT_NEAR(static_cast<double>(count[i]) / kSamples, p, 4.0 * std::sqrt(p * (1 - p) / kSamples) + 1e-12)
        << values[i];
  }
  EXPECT_NEAR(d.mean(), (10.0 + 90.0 + 240.0) / 10.0, 1e-12);
  EXPECT_NEAR(d.cdf(25.0), 0.1, 1e-12);
  EXPECT_NEAR(d.cdf(30.0), 0.4, 1e-12);
  EXPECT_EQ(d.cdf(9.0), 0.0);
  EXPECT_EQ(d.cdf(40.0), 1.0);
}

TEST(SimDistribution, EmpiricalUnsortedValuesAndTrailingZeroWeight) {
  const auto d = Distribution::empirical({5.0, 1.0, 3.0}, {1.0, 1.0, 0.0});
  RandomStream rng(78, 0, 0, 0);
  for (int i = 0; i < 10'000; ++i) EXPECT_NE(d.sample(rng), 3.0);
  EXPECT_NEAR(d.cdf(2.0), 0.5, 1e-12);
  EXPECT_NEAR(d.mean(), 3.0, 1e-12);
}

TEST(SimDistribution, BadParametersAreRejectedWithAMessage) {
  EXPECT_THROW(Distribution::exponential(0.0), std::invalid_argument);
  EXPECT_THROW(Distribution::exponential(-1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal_median(0.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::lognormal_mean(1.0, -0.1), std::invalid_argument);
  EXPECT_THROW(Distribution::weibull(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(Distribution::pareto(0.0, 2.0), std::invalid_argument);
  EXPECT_THROW(Distribution::uniform(3.0, 1.0), std::invalid_argument);
  EXPECT_THROW(Distribution::constant(std::nan("")), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({}, {}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1.0}, {1.0, 2.0}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1.0, 2.0}, {0.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(Distribution::empirical({1.0}, {-1.0}), std::invalid_argument);
  try {
    Distribution::exponential(-1.0);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("exponential mean must be positive"), std::string::npos);
  }
}

TEST(SimDistribution, NormalQuantile) {
  EXPECT_NEAR(standard_normal_quantile(0.975), 1.959963984540054, 1e-14);
  EXPECT_NEAR(standard_normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(standard_normal_quantile(0.01), -2.326347874040841, 1e-13);
  EXPECT_NEAR(standard_normal_quantile(1e-10), -6.361340902404056, 1e-10);
  for (double p : {1e-300, 1e-12, 0.001, 0.3, 0.7, 0.999, 1.0 - 1e-12}) {
    const double x = standard_normal_quantile(p);
    EXPECT_NEAR(0.5 * std::erfc(-x / std::sqrt(2.0)) / p, 1.0, 1e-9) << p;
  }
}

TEST(SimDistribution, NormalQuantileAgreesWithBoostMath) {
  // The sampler keeps its own quantile for bit-identical worlds
  // (distribution.hpp); Boost.Math's bounds its error, region by region.
  const boost::math::normal_distribution<double> normal;
  RandomStream rng(11, 0, 0, 0);
  for (int i = 0; i < 200'000; ++i) {
    // p over the body, the lower tail down to 1e-300 and the upper up to 1 - 1e-15.
    const double u = rng.uniform01();
    const double p = i % 3 == 0   ? u
                     : i % 3 == 1 ? std::pow(10.0, -300.0 * u)
                                  : 1.0 - std::pow(10.0, -15.0 * u);
    if (!(p > 0.0 && p < 1.0)) continue;
    const double exact = boost::math::quantile(normal, p);
    const double bound = p <= 0.97575 ? 1e-14 : p <= 1.0 - 1e-6 ? 2e-11 : 1e-8;
    ASSERT_NEAR(standard_normal_quantile(p), exact, bound) << p;
  }
}

}  // namespace
}  // namespace spoolsim::sim

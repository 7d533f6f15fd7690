// calibrate/fit: maximum likelihood recovers known parameters within their
// standard errors, AIC picks the family the sample came from, and the KS
// distance is that of a good fit (fixed seeds).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "calibrate/fit.hpp"
#include "sim/distribution.hpp"
#include "sim/random.hpp"

namespace spoolsim::calibrate {
namespace {

std::vector<double> draw(const sim::Distribution& d, std::size_t n, std::uint64_t seed) {
  sim::RandomStream rng(seed, 0, 1, 2);
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(d.sample(rng));
  return out;
}

// Lilliefors-type bound: with fitted parameters the KS statistic is below
// the known-parameter 1% critical value 1.63 / sqrt(n).
double ks_bound(std::size_t n) { return 1.63 / std::sqrt(static_cast<double>(n)); }

TEST(CalibrateFit, ExponentialRecoversItsMean) {
  const auto x = draw(sim::Distribution::exponential(3600.0), 4000, 1);
  const Choice c = fit_by_aic(x);
  const Fit e = fit_exponential(x);
  EXPECT_NEAR(e.a, 3600.0, 4 * e.se_a);
  EXPECT_NEAR(e.se_a, 3600.0 / std::sqrt(4000.0), 3.0);
  EXPECT_LT(e.ks, ks_bound(x.size()));
  // Weibull nests the exponential (shape 1): its shape must say so.
  const Fit w = fit_weibull(x);
  EXPECT_NEAR(w.b, 1.0, 4 * w.se_b);
  EXPECT_NE(c.best.family, Family::Lognormal);
}

TEST(CalibrateFit, LognormalIsChosenAndRecovered) {
  const auto x = draw(sim::Distribution::lognormal_median(600.0, 0.8), 4000, 2);
  const Choice c = fit_by_aic(x);
  ASSERT_EQ(c.best.family, Family::Lognormal) << describe(c);
  EXPECT_NEAR(c.best.a, std::log(600.0), 4 * c.best.se_a);
  EXPECT_NEAR(c.best.b, 0.8, 4 * c.best.se_b);
  EXPECT_LT(c.best.ks, ks_bound(x.size()));
  // The other families fit clearly worse.
  for (const Fit& f : c.all) {
    if (f.family != Family::Lognormal) {
      EXPECT_GT(f.aic, c.best.aic + 10) << to_string(f.family);
    }
  }
}

TEST(CalibrateFit, WeibullIsChosenAndRecovered) {
  const auto x = draw(sim::Distribution::weibull(7200.0, 0.6), 4000, 3);
  const Choice c = fit_by_aic(x);
  ASSERT_EQ(c.best.family, Family::Weibull) << describe(c);
  EXPECT_NEAR(c.best.a, 7200.0, 4 * c.best.se_a);
  EXPECT_NEAR(c.best.b, 0.6, 4 * c.best.se_b);
  EXPECT_LT(c.best.ks, ks_bound(x.size()));
  EXPECT_NEAR(c.best.mean(), 7200.0 * std::tgamma(1 + 1 / 0.6), 0.1 * 7200.0 * std::tgamma(1 + 1 / 0.6));
}

TEST(CalibrateFit, AWrongFamilyShowsInTheDistance) {
  // Lognormal data forced into an exponential: the KS distance gives it away.
  const auto x = draw(sim::Distribution::lognormal_median(600.0, 1.5), 2000, 4);
  EXPECT_GT(fit_exponential(x).ks, 3 * ks_bound(x.size()));
}

TEST(CalibrateFit, RefusesBadSamples) {
  EXPECT_THROW(fit_by_aic({1.0}), std::invalid_argument);
  EXPECT_THROW(fit_by_aic({1.0, 0.0, 2.0}), std::invalid_argument);
  EXPECT_THROW(fit_by_aic({1.0, NAN, 2.0}), std::invalid_argument);
  // All equal: finite fits, nothing NaN.
  const Choice c = fit_by_aic({5.0, 5.0, 5.0});
  for (const Fit& f : c.all) EXPECT_TRUE(std::isfinite(f.aic)) << to_string(f.family);
}

}  // namespace
}  // namespace spoolsim::calibrate

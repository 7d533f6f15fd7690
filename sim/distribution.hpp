// Distributions of R3/R4 as data. Values are plain doubles; the caller gives
// them a unit (microseconds for durations, bytes for sizes, counts).
#pragma once
#include <vector>

#include "sim/random.hpp"

namespace spoolsim::sim {

struct Distribution {
  enum class Kind { Constant, Exponential, Lognormal, Weibull, Pareto, Uniform, Empirical };

  Kind kind = Kind::Constant;
  // Constant: a = value. Exponential: a = mean. Lognormal: a = mu (log of the
  // median), b = sigma. Weibull: a = scale, b = shape. Pareto: a = scale
  // (minimum), b = shape. Uniform: a = low, b = high.
  double a = 0.0;
  double b = 0.0;
  std::vector<double> values;      // Empirical: the values ...
  std::vector<double> cumulative;  // ... and their cumulative weights, normalised to end at 1

  static Distribution constant(double value);
  static Distribution exponential(double mean);
  static Distribution lognormal_median(double median, double sigma);
  static Distribution lognormal_mean(double mean, double sigma);
  static Distribution weibull(double scale, double shape);
  static Distribution pareto(double scale, double shape);
  static Distribution uniform(double low, double high);
  // Weights must be non-negative and sum to a positive number.
  static Distribution empirical(std::vector<double> values, std::vector<double> weights);

  double sample(RandomStream& rng) const;
  double mean() const;          // +inf where it does not exist (Pareto shape <= 1)
  double cdf(double x) const;
};

// Inverse of the standard normal CDF, p in (0, 1): Acklam's approximation
// refined by one Halley step. Against Boost.Math's quantile (tests): within
// 1e-14 for p <= 0.97575, 2e-11 up to 1 - 1e-6 and 1e-8 closer to 1 (the
// Halley step subtracts p from a CDF near 1). The lognormal sampler draws
// through it, so its exact bits are part of every world: Boost's more accurate
// quantile would move every lognormal duration (docs/kernel.md).
double standard_normal_quantile(double p);

}  // namespace spoolsim::sim

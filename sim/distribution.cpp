// Samplers by inversion: one uniform per draw, monotone in the uniform, so
// common random numbers (R1.3) line up draw for draw across scenarios.
#include "sim/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace spoolsim::sim {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("distribution: " + message);
}

bool finite(double x) { return std::isfinite(x); }

}  // namespace

double standard_normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    if (p == 0.0) return -std::numeric_limits<double>::infinity();
    if (p == 1.0) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  // One Halley step on Phi(x) - p brings the 1e-9 relative error to ~1e-15.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

Distribution Distribution::constant(double value) {
  require(finite(value), "constant value must be finite");
  Distribution d;
  d.kind = Kind::Constant;
  d.a = value;
  return d;
}

Distribution Distribution::exponential(double mean) {
  require(finite(mean) && mean > 0.0, "exponential mean must be positive, got " + std::to_string(mean));
  Distribution d;
  d.kind = Kind::Exponential;
  d.a = mean;
  return d;
}

Distribution Distribution::lognormal_median(double median, double sigma) {
  require(finite(median) && median > 0.0, "lognormal median must be positive, got " + std::to_string(median));
  require(finite(sigma) && sigma >= 0.0, "lognormal sigma must be non-negative, got " + std::to_string(sigma));
  Distribution d;
  d.kind = Kind::Lognormal;
  d.a = std::log(median);
  d.b = sigma;
  return d;
}

Distribution Distribution::lognormal_mean(double mean, double sigma) {
  require(finite(mean) && mean > 0.0, "lognormal mean must be positive, got " + std::to_string(mean));
  require(finite(sigma) && sigma >= 0.0, "lognormal sigma must be non-negative, got " + std::to_string(sigma));
  Distribution d;
  d.kind = Kind::Lognormal;
  d.a = std::log(mean) - sigma * sigma / 2.0;  // E = exp(mu + sigma^2 / 2)
  d.b = sigma;
  return d;
}

Distribution Distribution::weibull(double scale, double shape) {
  require(finite(scale) && scale > 0.0, "Weibull scale must be positive, got " + std::to_string(scale));
  require(finite(shape) && shape > 0.0, "Weibull shape must be positive, got " + std::to_string(shape));
  Distribution d;
  d.kind = Kind::Weibull;
  d.a = scale;
  d.b = shape;
  return d;
}

Distribution Distribution::pareto(double scale, double shape) {
  require(finite(scale) && scale > 0.0, "Pareto scale must be positive, got " + std::to_string(scale));
  require(finite(shape) && shape > 0.0, "Pareto shape must be positive, got " + std::to_string(shape));
  Distribution d;
  d.kind = Kind::Pareto;
  d.a = scale;
  d.b = shape;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  require(finite(low) && finite(high) && low <= high,
          "uniform needs finite low <= high, got [" + std::to_string(low) + ", " + std::to_string(high) + "]");
  Distribution d;
  d.kind = Kind::Uniform;
  d.a = low;
  d.b = high;
  return d;
}

Distribution Distribution::empirical(std::vector<double> values, std::vector<double> weights) {
  require(!values.empty(), "empirical distribution needs at least one value");
  require(values.size() == weights.size(),
          "empirical distribution has " + std::to_string(values.size()) + " values but " +
              std::to_string(weights.size()) + " weights");
  double total = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    require(finite(values[i]), "empirical value " + std::to_string(i) + " is not finite");
    require(finite(weights[i]) && weights[i] >= 0.0,
            "empirical weight " + std::to_string(i) + " must be non-negative, got " + std::to_string(weights[i]));
    total += weights[i];
  }
  require(total > 0.0 && finite(total), "empirical weights must sum to a positive number");
  Distribution d;
  d.kind = Kind::Empirical;
  d.cumulative.resize(weights.size());
  double running = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    d.cumulative[i] = running / total;
  }
  // The last value with positive weight closes the CDF at exactly 1.
  for (std::size_t i = weights.size(); i-- > 0;) {
    d.cumulative[i] = 1.0;
    if (weights[i] > 0.0) break;
  }
  d.values = std::move(values);
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  switch (kind) {
    case Kind::Constant:
      return a;
    case Kind::Exponential:
      return -a * std::log(rng.uniform01());
    case Kind::Lognormal:
      return std::exp(a + b * standard_normal_quantile(rng.uniform01()));
    case Kind::Weibull:
      return a * std::pow(-std::log(rng.uniform01()), 1.0 / b);
    case Kind::Pareto:
      return a * std::pow(rng.uniform01(), -1.0 / b);
    case Kind::Uniform:
      return a + (b - a) * rng.uniform01();
    case Kind::Empirical: {
      // Inverse CDF: the first value whose cumulative weight exceeds u;
      // zero-weight values are never chosen.
      const double u = rng.uniform01();
      const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
      const auto i = static_cast<std::size_t>(it - cumulative.begin());
      return values[std::min(i, values.size() - 1)];
    }
  }
  return a;
}

double Distribution::mean() const {
  switch (kind) {
    case Kind::Constant:
    case Kind::Exponential:
      return a;
    case Kind::Lognormal:
      return std::exp(a + b * b / 2.0);
    case Kind::Weibull:
      return a * std::tgamma(1.0 + 1.0 / b);
    case Kind::Pareto:
      return b > 1.0 ? b * a / (b - 1.0) : std::numeric_limits<double>::infinity();
    case Kind::Uniform:
      return (a + b) / 2.0;
    case Kind::Empirical: {
      double m = 0.0;
      double previous = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        m += values[i] * (cumulative[i] - previous);
        previous = cumulative[i];
      }
      return m;
    }
  }
  return a;
}

double Distribution::cdf(double x) const {
  switch (kind) {
    case Kind::Constant:
      return x >= a ? 1.0 : 0.0;
    case Kind::Exponential:
      return x <= 0.0 ? 0.0 : -std::expm1(-x / a);
    case Kind::Lognormal:
      if (x <= 0.0) return 0.0;
      if (b == 0.0) return std::log(x) >= a ? 1.0 : 0.0;
      return 0.5 * std::erfc(-(std::log(x) - a) / (b * std::sqrt(2.0)));
    case Kind::Weibull:
      return x <= 0.0 ? 0.0 : -std::expm1(-std::pow(x / a, b));
    case Kind::Pareto:
      return x < a ? 0.0 : 1.0 - std::pow(a / x, b);
    case Kind::Uniform:
      if (x < a) return 0.0;
      if (x >= b) return 1.0;
      return (x - a) / (b - a);
    case Kind::Empirical: {
      double p = 0.0;
      double previous = 0.0;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] <= x) p += cumulative[i] - previous;
        previous = cumulative[i];
      }
      return std::min(p, 1.0);
    }
  }
  return 0.0;
}

}  // namespace spoolsim::sim

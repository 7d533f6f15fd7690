// Maximum likelihood for three families (calibrate/fit.hpp). The Weibull
// shape solves the profile score equation by bisection on log k (the score
// is monotone in k).
#include "calibrate/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace spoolsim::calibrate {
namespace {

void check(const std::vector<double>& x) {
  if (x.size() < 2) throw std::invalid_argument("a fit needs at least 2 values");
  for (double v : x) {
    if (!std::isfinite(v) || v <= 0) throw std::invalid_argument("a fit needs finite values > 0");
  }
}

double ks_distance(const Fit& f, std::vector<double> x) {
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  double d = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double F = f.cdf(x[i]);
    d = std::max({d, std::abs(F - static_cast<double>(i) / n), std::abs(static_cast<double>(i + 1) / n - F)});
  }
  return d;
}

Fit finish(Fit f, const std::vector<double>& x, int parameters) {
  f.n = x.size();
  f.aic = 2.0 * parameters - 2.0 * f.log_likelihood;
  f.ks = ks_distance(f, x);
  return f;
}

}  // namespace

const char* to_string(Family f) {
  switch (f) {
    case Family::Exponential: return "exponential";
    case Family::Lognormal: return "lognormal";
    case Family::Weibull: return "weibull";
  }
  return "?";
}

double Fit::mean() const {
  switch (family) {
    case Family::Exponential: return a;
    case Family::Lognormal: return std::exp(a + b * b / 2);
    case Family::Weibull: return a * std::tgamma(1.0 + 1.0 / b);
  }
  return 0;
}

double Fit::cdf(double x) const {
  if (x <= 0) return 0;
  switch (family) {
    case Family::Exponential: return 1.0 - std::exp(-x / a);
    case Family::Lognormal: return 0.5 * std::erfc(-(std::log(x) - a) / (b * std::numbers::sqrt2));
    case Family::Weibull: return 1.0 - std::exp(-std::pow(x / a, b));
  }
  return 0;
}

Fit fit_exponential(const std::vector<double>& x) {
  check(x);
  const double n = static_cast<double>(x.size());
  double sum = 0;
  for (double v : x) sum += v;
  Fit f;
  f.family = Family::Exponential;
  f.a = sum / n;
  f.se_a = f.a / std::sqrt(n);
  f.log_likelihood = -n * std::log(f.a) - n;
  return finish(f, x, 1);
}

Fit fit_lognormal(const std::vector<double>& x) {
  check(x);
  const double n = static_cast<double>(x.size());
  double mu = 0, sum_log = 0;
  for (double v : x) sum_log += std::log(v);
  mu = sum_log / n;
  double ss = 0;
  for (double v : x) ss += (std::log(v) - mu) * (std::log(v) - mu);
  Fit f;
  f.family = Family::Lognormal;
  f.a = mu;
  f.b = std::max(std::sqrt(ss / n), 1e-9);  // all equal: a degenerate but finite fit
  f.se_a = f.b / std::sqrt(n);
  f.se_b = f.b / std::sqrt(2.0 * n);
  f.log_likelihood = -sum_log - n * std::log(f.b) - 0.5 * n * std::log(2.0 * std::numbers::pi) - ss / (2 * f.b * f.b);
  return finish(f, x, 2);
}

Fit fit_weibull(const std::vector<double>& x) {
  check(x);
  const double n = static_cast<double>(x.size());
  // Scale the data to mean 1 so x^k stays finite for any k tried.
  double sum = 0;
  for (double v : x) sum += v;
  const double unit = sum / n;
  std::vector<double> y(x.size()), ly(x.size());
  double mean_log = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    y[i] = x[i] / unit;
    ly[i] = std::log(y[i]);
    mean_log += ly[i] / n;
  }
  // Score in k: g(k) = 1/k + mean(log y) - sum(y^k log y) / sum(y^k) = 0 (decreasing in k).
  const auto g = [&](double k) {
    double s0 = 0, s1 = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      const double p = std::pow(y[i], k);
      s0 += p;
      s1 += p * ly[i];
    }
    return 1.0 / k + mean_log - s1 / s0;
  };
  // Bisection on log k over [1e-3, 1e3]: g is monotone, so this is safe.
  double lo = std::log(1e-3), hi = std::log(1e3);
  if (g(std::exp(hi)) > 0) lo = hi;  // all values equal: the largest shape
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double mid = 0.5 * (lo + hi);
    (g(std::exp(mid)) > 0 ? lo : hi) = mid;
  }
  const double k = std::exp(0.5 * (lo + hi));
  double sk = 0;
  for (double v : y) sk += std::pow(v, k);
  const double scale_y = std::pow(sk / n, 1.0 / k);
  Fit f;
  f.family = Family::Weibull;
  f.a = scale_y * unit;
  f.b = k;
  // Asymptotic variances of the Weibull MLE (Cohen 1965): 0.608 k^2 / n and
  // 1.109 scale^2 / (k^2 n).
  f.se_b = std::sqrt(0.608 * k * k / n);
  f.se_a = std::sqrt(1.109 * f.a * f.a / (k * k * n));
  double ll = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double z = y[i] / scale_y;
    ll += std::log(k) - std::log(scale_y) + (k - 1) * std::log(z) - std::pow(z, k);
  }
  f.log_likelihood = ll - n * std::log(unit);  // back to the original unit
  return finish(f, x, 2);
}

Choice fit_by_aic(const std::vector<double>& x) {
  Choice c;
  c.all = {fit_exponential(x), fit_lognormal(x), fit_weibull(x)};
  c.best = *std::min_element(c.all.begin(), c.all.end(), [](const Fit& p, const Fit& q) { return p.aic < q.aic; });
  return c;
}

std::string describe(const Choice& c) {
  std::string aics;
  for (const Fit& f : c.all) aics += fmt::format("{}{} {:.1f}", aics.empty() ? "" : ", ", to_string(f.family), f.aic);
  return fmt::format("{} by AIC ({}), KS {:.3f}", to_string(c.best.family), aics, c.best.ks);
}

}  // namespace spoolsim::calibrate

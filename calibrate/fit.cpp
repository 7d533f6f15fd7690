// Maximum likelihood for three families (calibrate/fit.hpp). The Weibull
// shape solves the profile score equation by bisection on log k (the score
// is monotone in k). With cut values the two-parameter likelihoods have no
// closed form: Nelder-Mead from the complete values' fit, and the standard
// errors from the observed information (a numerical Hessian).
#include "calibrate/fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
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

bool has_cut(const Sample& x) { return !x.end_cut.empty() || !x.start_cut.empty(); }

void check(const Sample& x) {
  check(x.complete);
  for (const auto* v : {&x.end_cut, &x.start_cut}) {
    for (double t : *v) {
      if (!std::isfinite(t) || t <= 0) throw std::invalid_argument("a fit needs finite values > 0");
    }
  }
}

// log(0.5 erfc(z / sqrt 2)), the normal's log survival, without underflow.
double log_normal_sf(double z) {
  const double t = z / std::numbers::sqrt2;
  if (t < 20) return std::log(0.5 * std::erfc(t));
  return std::log(0.5) - t * t - std::log(t * std::sqrt(std::numbers::pi));
}

// A two-parameter family's log density, log survival and log mean.
struct Terms {
  std::function<double(double, double, double)> log_pdf, log_sf;
  std::function<double(double, double)> log_mean;
};

const Terms& lognormal_terms() {  // (mu, sigma)
  static const Terms t{
      [](double x, double mu, double s) {
        const double z = (std::log(x) - mu) / s;
        return -std::log(x) - std::log(s) - 0.5 * std::log(2 * std::numbers::pi) - 0.5 * z * z;
      },
      [](double x, double mu, double s) { return log_normal_sf((std::log(x) - mu) / s); },
      [](double mu, double s) { return mu + 0.5 * s * s; }};
  return t;
}

const Terms& weibull_terms() {  // (scale, shape)
  static const Terms t{
      [](double x, double l, double k) {
        return std::log(k) - std::log(l) + (k - 1) * std::log(x / l) - std::pow(x / l, k);
      },
      [](double x, double l, double k) { return -std::pow(x / l, k); },
      [](double l, double k) { return std::log(l) + std::lgamma(1.0 + 1.0 / k); }};
  return t;
}

double censored_log_likelihood(const Terms& t, const Sample& x, double a, double b) {
  double ll = 0;
  for (double v : x.complete) ll += t.log_pdf(v, a, b);
  for (double v : x.end_cut) ll += t.log_sf(v, a, b);
  const double lm = x.start_cut.empty() ? 0 : t.log_mean(a, b);
  for (double v : x.start_cut) ll += t.log_sf(v, a, b) - lm;
  return std::isfinite(ll) ? ll : -1e300;
}

// Nelder-Mead maximisation of f over the plane, from p0.
std::array<double, 2> maximise(const std::function<double(const std::array<double, 2>&)>& f,
                               std::array<double, 2> p0) {
  std::array<std::array<double, 2>, 3> p{p0, {p0[0] + 0.1, p0[1]}, {p0[0], p0[1] + 0.1}};
  std::array<double, 3> v{f(p[0]), f(p[1]), f(p[2])};
  const auto along = [](const std::array<double, 2>& c, const std::array<double, 2>& q, double t) {
    return std::array<double, 2>{c[0] + t * (q[0] - c[0]), c[1] + t * (q[1] - c[1])};
  };
  for (int iter = 0; iter < 2000; ++iter) {
    std::array<int, 3> o{0, 1, 2};
    std::sort(o.begin(), o.end(), [&](int i, int j) { return v[i] > v[j]; });  // best first
    const auto best = p[o[0]], good = p[o[1]], worst = p[o[2]];
    if (std::abs(v[o[0]] - v[o[2]]) < 1e-11 * (1 + std::abs(v[o[0]])) &&
        std::hypot(best[0] - worst[0], best[1] - worst[1]) < 1e-9)
      break;
    const std::array<double, 2> c{(best[0] + good[0]) / 2, (best[1] + good[1]) / 2};
    const auto r = along(c, worst, -1.0);
    const double fr = f(r);
    if (fr > v[o[0]]) {
      const auto e = along(c, worst, -2.0);
      const double fe = f(e);
      p[o[2]] = fe > fr ? e : r;
      v[o[2]] = std::max(fe, fr);
    } else if (fr > v[o[1]]) {
      p[o[2]] = r;
      v[o[2]] = fr;
    } else {
      const auto k = along(c, worst, fr > v[o[2]] ? -0.5 : 0.5);
      const double fk = f(k);
      if (fk > std::max(fr, v[o[2]])) {
        p[o[2]] = k;
        v[o[2]] = fk;
      } else {  // shrink towards the best
        for (int i : {o[1], o[2]}) {
          p[i] = along(best, p[i], 0.5);
          v[i] = f(p[i]);
        }
      }
    }
  }
  return p[std::max_element(v.begin(), v.end()) - v.begin()];
}

// Standard errors of (a, b) from the inverse of the observed information.
bool observed_se(const std::function<double(double, double)>& ll, double a, double b, double& se_a, double& se_b) {
  const double ha = 1e-4 * std::max(std::abs(a), 1e-3), hb = 1e-4 * std::max(std::abs(b), 1e-3);
  const double f0 = ll(a, b);
  const double faa = (ll(a + ha, b) - 2 * f0 + ll(a - ha, b)) / (ha * ha);
  const double fbb = (ll(a, b + hb) - 2 * f0 + ll(a, b - hb)) / (hb * hb);
  const double fab = (ll(a + ha, b + hb) - ll(a + ha, b - hb) - ll(a - ha, b + hb) + ll(a - ha, b - hb)) / (4 * ha * hb);
  const double det = faa * fbb - fab * fab;  // of -H: the same for 2x2
  if (!(faa < 0 && det > 0)) return false;
  se_a = std::sqrt(-fbb / det);
  se_b = std::sqrt(-faa / det);
  return std::isfinite(se_a) && std::isfinite(se_b);
}

Sample scaled(const Sample& x, double unit) {
  Sample y = x;
  for (auto* v : {&y.complete, &y.end_cut, &y.start_cut}) {
    for (double& t : *v) t /= unit;
  }
  return y;
}

double mean_of_all(const Sample& x) {
  double sum = 0;
  std::size_t n = 0;
  for (const auto* v : {&x.complete, &x.end_cut, &x.start_cut}) {
    for (double t : *v) sum += t;
    n += v->size();
  }
  return sum / static_cast<double>(n);
}

// The cut-value fit of lognormal (a = mu, b = sigma) or Weibull (a = scale,
// b = shape), started from `start` (the complete values' fit). Optimised on
// data scaled to mean 1, in (a or log a, log b).
Fit censored_fit(const Sample& x, Fit start, const Terms& terms, bool log_a) {
  const double unit = mean_of_all(x);
  const Sample y = scaled(x, unit);
  const auto to_a = [&](double u) { return log_a ? std::exp(u) : u; };
  const double a0 = log_a ? std::log(start.a / unit) : start.a - std::log(unit);
  const auto ll = [&](const std::array<double, 2>& q) {
    return censored_log_likelihood(terms, y, to_a(q[0]), std::exp(q[1]));
  };
  const auto best = maximise(ll, {a0, std::log(start.b)});
  Fit f = start;
  const double a_y = to_a(best[0]), b = std::exp(best[1]);
  f.a = log_a ? a_y * unit : a_y + std::log(unit);
  f.b = b;
  // Densities (complete values, and the 1/mean of start-cut ones) carry the unit.
  f.log_likelihood = ll(best) - static_cast<double>(x.complete.size() + x.start_cut.size()) * std::log(unit);
  double se_a = 0, se_b = 0;
  if (observed_se([&](double a, double bb) { return censored_log_likelihood(terms, y, a, bb); }, a_y, b, se_a, se_b)) {
    f.se_a = log_a ? se_a * unit : se_a;
    f.se_b = se_b;
  }
  f.censored = x.end_cut.size() + x.start_cut.size();
  return finish(f, x.complete, 2);
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

// Exponential with cut values: end-cut ones add exposure, start-cut ones
// count as events too (S(x)/mean is the density: no memory).
Fit fit_exponential(const Sample& x) {
  check(x);
  if (!has_cut(x)) return fit_exponential(x.complete);
  double sum = 0;
  for (const auto* v : {&x.complete, &x.end_cut, &x.start_cut}) {
    for (double t : *v) sum += t;
  }
  const double events = static_cast<double>(x.complete.size() + x.start_cut.size());
  Fit f;
  f.family = Family::Exponential;
  f.a = sum / events;
  f.se_a = f.a / std::sqrt(events);
  f.log_likelihood = -events * std::log(f.a) - sum / f.a;
  f.censored = x.end_cut.size() + x.start_cut.size();
  return finish(f, x.complete, 1);
}

Fit fit_lognormal(const Sample& x) {
  check(x);
  if (!has_cut(x)) return fit_lognormal(x.complete);
  return censored_fit(x, fit_lognormal(x.complete), lognormal_terms(), false);
}

Fit fit_weibull(const Sample& x) {
  check(x);
  if (!has_cut(x)) return fit_weibull(x.complete);
  return censored_fit(x, fit_weibull(x.complete), weibull_terms(), true);
}

Choice fit_by_aic(const std::vector<double>& x) { return fit_by_aic(Sample{x, {}, {}}); }

Choice fit_by_aic(const Sample& x) {
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

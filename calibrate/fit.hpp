// Maximum-likelihood fits of positive samples (session durations, message
// sizes): exponential, lognormal and Weibull, the choice by AIC, and the
// Kolmogorov-Smirnov distance of the chosen fit. Standard errors are the
// asymptotic ones (inverse Fisher information), for confidence intervals.
// Periods cut by the record's start or end enter the likelihood as censored
// values (Sample), so that long periods, more often cut, do not go missing.
#pragma once
#include <string>
#include <vector>

namespace spoolsim::calibrate {

enum class Family { Exponential, Lognormal, Weibull };
const char* to_string(Family f);

struct Fit {
  Family family = Family::Exponential;
  // Exponential: a = mean. Lognormal: a = mu, b = sigma (of log x).
  // Weibull: a = scale, b = shape.
  double a = 0, b = 0;
  double se_a = 0, se_b = 0;  // asymptotic standard errors
  double log_likelihood = 0;
  double aic = 0;
  double ks = 0;  // sup |F_n - F| over the complete values
  std::size_t n = 0;         // complete values
  std::size_t censored = 0;  // cut values (Sample::end_cut + start_cut)
  double mean() const;    // of the fitted distribution
  double cdf(double x) const;
};

// Durations of a stationary on/off process watched through a window.
struct Sample {
  std::vector<double> complete;   // seen from start to end: density f(x)
  std::vector<double> end_cut;    // start seen, cut by the window's end at x: survival S(x)
  std::vector<double> start_cut;  // under way when the window opened, ended x later: S(x) / mean
                                  // (the forward recurrence time of a renewal process)
};

Fit fit_exponential(const Sample& x);
Fit fit_lognormal(const Sample& x);
Fit fit_weibull(const Sample& x);
Fit fit_exponential(const std::vector<double>& x);
Fit fit_lognormal(const std::vector<double>& x);
Fit fit_weibull(const std::vector<double>& x);

struct Choice {
  Fit best;
  std::vector<Fit> all;  // exponential, lognormal, weibull
};
// Every value must be finite and > 0 (std::invalid_argument otherwise), and
// there must be at least 2 complete values.
Choice fit_by_aic(const Sample& x);
Choice fit_by_aic(const std::vector<double>& x);

// "lognormal by AIC (exponential 812.3, lognormal 790.1, weibull 795.0), KS 0.021"
std::string describe(const Choice& c);

}  // namespace spoolsim::calibrate

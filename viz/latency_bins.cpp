#include "viz/latency_bins.hpp"

#include "sim/time.hpp"

namespace spoolsim::viz {

const std::array<std::int64_t, kLatencyBandCount - 1> kLatencyBandEdges = {
    sim::kSecond, 10 * sim::kSecond, sim::kMinute, 10 * sim::kMinute,
    sim::kHour, 6 * sim::kHour, sim::kDay};
const std::array<const char*, kLatencyBandCount> kLatencyBandLabels = {
    "<1s", "1-10s", "10s-1m", "1-10m", "10m-1h", "1-6h", "6h-1d", ">1d"};

namespace {

// Share of values <= edge: the largest q with quantile(q) <= edge, by
// bisection (quantile is non-decreasing in q). 40 steps: below 1e-12.
double share_at_most(const sim::LatencyHistogram& h, std::int64_t edge) {
  if (h.quantile(0.0) > edge) {
    return 0.0;
  }
  if (h.quantile(1.0) <= edge) {
    return 1.0;
  }
  double lo = 0.0;
  double hi = 1.0;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (h.quantile(mid) <= edge) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

std::array<double, kLatencyBandCount> latency_bands(const sim::LatencyHistogram& h) {
  std::array<double, kLatencyBandCount> out{};
  if (h.count() == 0) {
    return out;
  }
  double below = 0.0;
  for (int b = 0; b < kLatencyBandCount - 1; ++b) {
    const double at = share_at_most(h, kLatencyBandEdges[static_cast<std::size_t>(b)]);
    out[static_cast<std::size_t>(b)] = at > below ? at - below : 0.0;
    below = at > below ? at : below;
  }
  out[kLatencyBandCount - 1] = 1.0 - below;
  return out;
}

}  // namespace spoolsim::viz

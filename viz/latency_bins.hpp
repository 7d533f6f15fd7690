// The latency histogram of the dashboard: shares of delivered messages per
// latency band (log scale), read off sim::LatencyHistogram's quantiles.
#pragma once
#include <array>
#include <cstdint>

#include "sim/statistics.hpp"

namespace spoolsim::viz {

inline constexpr int kLatencyBandCount = 8;
// Upper edges in microseconds of bands 0..6; band 7 is everything above.
// Bands: <1s, 1-10s, 10s-1m, 1-10m, 10m-1h, 1-6h, 6h-1d, >1d.
extern const std::array<std::int64_t, kLatencyBandCount - 1> kLatencyBandEdges;
extern const std::array<const char*, kLatencyBandCount> kLatencyBandLabels;

// Share (0..1) of the histogram's values in each band; all zero when empty.
// Within the histogram's relative error (a value near an edge may fall on
// either side).
std::array<double, kLatencyBandCount> latency_bands(const sim::LatencyHistogram& h);

}  // namespace spoolsim::viz

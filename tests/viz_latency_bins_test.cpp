// Latency bands read off sim::LatencyHistogram.
#include <gtest/gtest.h>

#include "viz/latency_bins.hpp"

namespace spoolsim::viz {
namespace {

TEST(VizLatencyBins, EmptyHistogramGivesZeros) {
  const auto bands = latency_bands(sim::LatencyHistogram{});
  for (double b : bands) EXPECT_EQ(b, 0.0);
}

TEST(VizLatencyBins, SharesPerBandAwayFromEdges) {
  sim::LatencyHistogram h;
  h.record(0, 300);                        // <1s (online recipients)
  h.record(5 * sim::kSecond, 200);         // 1-10s
  h.record(30 * sim::kMinute, 100);        // 10m-1h
  h.record(2 * sim::kDay, 400);            // >1d
  const auto b = latency_bands(h);
  EXPECT_NEAR(b[0], 0.3, 1e-9);
  EXPECT_NEAR(b[1], 0.2, 1e-9);
  EXPECT_NEAR(b[2], 0.0, 1e-9);
  EXPECT_NEAR(b[3], 0.0, 1e-9);
  EXPECT_NEAR(b[4], 0.1, 1e-9);
  EXPECT_NEAR(b[5], 0.0, 1e-9);
  EXPECT_NEAR(b[6], 0.0, 1e-9);
  EXPECT_NEAR(b[7], 0.4, 1e-9);
}

TEST(VizLatencyBins, SharesSumToOne) {
  sim::LatencyHistogram h;
  for (std::int64_t v = 1; v < 3 * sim::kDay; v = v * 3 + 7) h.record(v, static_cast<std::uint64_t>(v % 5 + 1));
  const auto b = latency_bands(h);
  double sum = 0.0;
  for (double x : b) {
    EXPECT_GE(x, 0.0);
    sum += x;
  }
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

}  // namespace
}  // namespace spoolsim::viz

// sim::round_half_away must equal std::llround bit for bit: the world rounds
// every drawn duration through it, so one differing value moves a run.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "sim/random.hpp"
#include "sim/round.hpp"

namespace spoolsim::sim {
namespace {

double from_bits(std::uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

TEST(SimRound, HalvesGoAwayFromZero) {
  EXPECT_EQ(round_half_away(0.5), 1);
  EXPECT_EQ(round_half_away(-0.5), -1);
  EXPECT_EQ(round_half_away(2.5), 3);
  EXPECT_EQ(round_half_away(-2.5), -3);
  EXPECT_EQ(round_half_away(2.4999999999999996), 2);
  EXPECT_EQ(round_half_away(0.49999999999999994), 0);  // x + 0.5 would round up to 1
  EXPECT_EQ(round_half_away(-0.0), 0);
}

TEST(SimRound, EqualsLlroundOnEdgesAndNeighbours) {
  std::vector<double> edges = {0.0, 0.5, 1.5, 1e6 + 0.5, 0x1p51 + 0.5, 0x1p52 - 0.5, 0x1p52, 0x1p52 + 1,
                               0x1p53, 0x1p53 + 2, 0x1p62, 4e18, 1.2e12 + 0.5};
  for (int k = -60; k <= 62; ++k) edges.push_back(std::ldexp(1.0, k));
  for (double e : edges) {
    double up = e;
    double down = e;
    for (int n = 0; n < 4; ++n) {  // the value and 3 doubles on each side
      for (double y : {up, -up, down, -down}) {
        ASSERT_EQ(round_half_away(y), std::llround(y)) << std::hexfloat << y;
      }
      up = std::nextafter(up, std::numeric_limits<double>::infinity());
      down = std::nextafter(down, -std::numeric_limits<double>::infinity());
    }
  }
}

TEST(SimRound, EqualsLlroundOnRandomDoubles) {
  RandomStream rng(5, 0, 1, 2);
  for (int i = 0; i < 1'000'000; ++i) {
    // Random exponents up to 2^63 and random mantissas; also k + 1/2 exactly.
    const std::uint64_t bits = (rng.below(1023 + 63) << 52) | (rng.next_u64() >> 12);
    const double x = (i % 2 ? -1.0 : 1.0) * from_bits(bits);
    ASSERT_EQ(round_half_away(x), std::llround(x)) << std::hexfloat << x;
    const double half = static_cast<double>(rng.below(std::uint64_t{1} << 50)) + 0.5;
    ASSERT_EQ(round_half_away(half), std::llround(half)) << std::hexfloat << half;
  }
}

}  // namespace
}  // namespace spoolsim::sim

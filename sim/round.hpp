// Rounding doubles to integer microseconds the way std::llround does (half
// away from zero), bit for bit, without the libm call: the world rounds every
// drawn duration and arrival time, several per event.
#pragma once
#include <cmath>
#include <cstdint>

namespace spoolsim::sim {

// Below 2^62 in magnitude the truncation to an integer and x - trunc(x) are
// both exact, so comparing the fraction with +-0.5 is exact too; larger
// values and NaN go to std::llround (tests compare the two).
inline std::int64_t round_half_away(double x) {
  if (!(std::fabs(x) < 0x1p62)) return std::llround(x);
  const auto i = static_cast<std::int64_t>(x);
  const double frac = x - static_cast<double>(i);
  return i + static_cast<std::int64_t>(frac >= 0.5) - static_cast<std::int64_t>(frac <= -0.5);
}

}  // namespace spoolsim::sim

// R1.1: simulated time is an integer count of microseconds from 0.
#pragma once
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace spoolsim::sim {

using Time = std::int64_t;      // microseconds since the start of a run
using Duration = std::int64_t;  // microseconds

inline constexpr Duration kMicrosecond = 1;
inline constexpr Duration kMillisecond = 1'000;
inline constexpr Duration kSecond = 1'000'000;
inline constexpr Duration kMinute = 60 * kSecond;
inline constexpr Duration kHour = 60 * kMinute;
inline constexpr Duration kDay = 24 * kHour;
inline constexpr Time kNever = std::numeric_limits<Time>::max();

// Thrown by parse_duration; what() says what is wrong and what is allowed.
struct DurationError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Parses a non-negative duration with a unit: "250ms", "90s", "5m", "12h",
// "30d", "17us"; a decimal number is allowed ("1.5h"). "0" alone means zero.
// Throws DurationError on a missing or unknown unit, a negative value, or a
// value that overflows 64-bit microseconds.
Duration parse_duration(std::string_view text);

// Shortest exact spelling with the largest whole unit: "30d", "90s", "250ms".
std::string format_duration(Duration d);

constexpr double to_seconds(Duration d) { return static_cast<double>(d) / static_cast<double>(kSecond); }
constexpr double to_days(Duration d) { return static_cast<double>(d) / static_cast<double>(kDay); }

}  // namespace spoolsim::sim

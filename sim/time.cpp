// R1.1: durations with units, parsed exactly (no floating point) and printed
// in the largest unit that divides them.
#include "sim/time.hpp"

#include <cstddef>

namespace spoolsim::sim {
namespace {

__extension__ typedef unsigned __int128 u128;  // exact 64x64-bit products

constexpr const char* kExpected = "expected a number with a unit: us, ms, s, m, h, d";

[[noreturn]] void fail(std::string_view what, std::string_view text) {
  std::string message(what);
  if (!message.empty()) message += ": ";
  message += kExpected;
  message += "; got \"";
  message += text;
  message += '"';
  throw DurationError(message);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Unit {
  std::string_view name;
  Duration size;
};
constexpr Unit kUnits[] = {{"us", kMicrosecond}, {"ms", kMillisecond}, {"s", kSecond},
                           {"m", kMinute},       {"h", kHour},         {"d", kDay}};

}  // namespace

Duration parse_duration(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  if (s.empty()) fail("empty duration", text);
  if (s.front() == '-') fail("negative duration", text);
  if (s.front() == '+') s.remove_prefix(1);

  // Integer part and fraction digits, kept as integers so "1.5h" is exact.
  std::size_t i = 0;
  u128 whole = 0;
  bool whole_overflow = false;
  const std::size_t whole_start = i;
  while (i < s.size() && is_digit(s[i])) {
    whole = whole * 10 + static_cast<unsigned>(s[i] - '0');
    if (whole > static_cast<u128>(kNever)) {  // keep the digits coming, but cap the value
      whole_overflow = true;
      whole = static_cast<u128>(kNever) + 1;
    }
    ++i;
  }
  const bool has_whole = i > whole_start;
  u128 fraction = 0;
  u128 scale = 1;
  bool has_fraction = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    while (i < s.size() && is_digit(s[i])) {
      if (scale < static_cast<u128>(1'000'000'000'000'000'000ULL)) {
        fraction = fraction * 10 + static_cast<unsigned>(s[i] - '0');
        scale *= 10;
      } else if (s[i] != '0') {
        fail("too many decimal places", text);
      }
      ++i;
    }
    has_fraction = i > frac_start;
    if (!has_fraction && !has_whole) fail("no number", text);
  }
  if (!has_whole && !has_fraction) fail("no number", text);

  std::size_t unit_start = i;
  while (unit_start < s.size() && is_space(s[unit_start])) ++unit_start;
  const std::string_view unit = s.substr(unit_start);
  if (unit.empty()) {
    if (whole == 0 && fraction == 0) return 0;  // "0" alone needs no unit
    fail("missing unit", text);
  }
  Duration size = 0;
  for (const Unit& u : kUnits)
    if (u.name == unit) size = u.size;
  if (size == 0) {
    std::string what = "unknown unit \"";
    what += unit;
    what += '"';
    fail(what, text);
  }

  if (whole_overflow) fail("duration too large for 64-bit microseconds", text);
  const auto usize = static_cast<u128>(size);
  const u128 frac_us = fraction * usize;
  if (frac_us % scale != 0) fail("finer than a microsecond", text);
  const u128 total = whole * usize + frac_us / scale;
  if (total > static_cast<u128>(kNever))
    fail("duration too large for 64-bit microseconds", text);
  return static_cast<Duration>(total);
}

std::string format_duration(Duration d) {
  if (d == 0) return "0";
  if (d < 0) {
    if (d == std::numeric_limits<Duration>::min()) return "-9223372036854775808us";
    std::string out(1, '-');
    out += format_duration(-d);
    return out;
  }
  for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it)
    if (d % it->size == 0) {
      std::string out = std::to_string(d / it->size);
      out += it->name;
      return out;
    }
  return std::to_string(d);  // unreachable: every d is a whole number of microseconds
}

}  // namespace spoolsim::sim

#include "report/human_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace spoolsim::report {

std::string group_thousands(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string human_duration(double seconds) {
  if (!(seconds > 0.0)) return "0 s";
  if (seconds < 1.0) return fmt::format("{:.0f} ms", seconds * 1e3);
  if (seconds < 60.0) return fmt::format("{:.3g} s", seconds);
  if (seconds < 3600.0) return fmt::format("{:.3g} min", seconds / 60.0);
  if (seconds < 48.0 * 3600.0) return fmt::format("{:.3g} h", seconds / 3600.0);
  return fmt::format("{:.3g} d", seconds / 86400.0);
}

std::string compact_duration(double seconds) {
  if (seconds <= 0.0) return "0s";
  if (seconds < 1.0) return fmt::format("{:.0f}ms", seconds * 1e3);
  if (seconds < 60.0) return fmt::format("{:.1f}s", seconds);
  if (seconds < 3600.0) return fmt::format("{:.1f}m", seconds / 60.0);
  if (seconds < 86400.0) return fmt::format("{:.1f}h", seconds / 3600.0);
  return fmt::format("{:.1f}d", seconds / 86400.0);
}

std::string human_nanoseconds(std::int64_t ns) {
  if (ns < 10'000) return fmt::format("{} ns", ns);
  if (ns < 10'000'000) return fmt::format("{:.1f} us", static_cast<double>(ns) / 1e3);
  return fmt::format("{:.1f} ms", static_cast<double>(ns) / 1e6);
}

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  std::size_t u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, kUnits[u]);
}

std::string decimal_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  std::size_t u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", v, kUnits[u]);
}

int amount_decimals(const std::vector<double>& values) {
  double smallest = 0.0;
  for (double v : values) {
    const double a = std::abs(v);
    if (std::isfinite(a) && a > 0.0 && (smallest == 0.0 || a < smallest)) smallest = a;
  }
  if (smallest == 0.0) return 0;
  const int d = 1 - static_cast<int>(std::floor(std::log10(smallest)));
  return std::clamp(d, 0, 4);
}

std::string amount(double value, int decimals) {
  const std::string fixed = fmt::format("{:.{}f}", std::abs(value), decimals);
  const std::size_t dot = fixed.find('.');
  const std::string whole = fixed.substr(0, dot);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  if (dot != std::string::npos) out += fixed.substr(dot);
  // No "-0.0": a value that rounds to zero prints without a sign.
  const bool zero = fixed.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + out;
}

std::string percent(double rate, int decimals) { return fmt::format("{:.{}f}%", rate * 100.0, decimals); }

int percent_decimals(const std::vector<double>& rates) {
  double smallest = 0.0;
  for (double r : rates) {
    const double a = std::abs(r) * 100.0;
    if (a > 0.0 && (smallest == 0.0 || a < smallest)) smallest = a;
  }
  int d = 2;
  while (d < 4 && smallest > 0.0 && smallest < std::pow(10.0, 1 - d)) ++d;
  return d;
}

std::string percentage_points(double diff, int decimals) {
  const double p = diff * 100.0;
  const double shown = std::abs(p) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : p;
  return fmt::format("{}{:.{}f}", shown > 0 ? "+" : (shown < 0 ? "-" : ""), std::abs(shown), decimals);
}

std::string compact_percent(double share) {
  const double p = 100.0 * share;
  return fmt::format("{:.{}f}%", p, p != 0.0 && std::fabs(p) < 0.01 ? 4 : 2);
}

std::string compact_count(double value) {
  if (value >= 1e6) return fmt::format("{:.2f}M", value / 1e6);
  if (value >= 1e4) return fmt::format("{:.1f}k", value / 1e3);
  return fmt::format("{:.0f}", value);
}

std::string money(double amount) {
  if (amount == 0.0) return "0";
  if (std::abs(amount) >= 1.0) return fmt::format("{:.2f}", amount);
  return fmt::format("{:.3g}", amount);
}

}  // namespace spoolsim::report

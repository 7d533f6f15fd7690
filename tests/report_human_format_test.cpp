// Numbers for people (report/human_format.*): the table's and the
// dashboard's styles, each pinned to what they printed before they shared
// one module.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include "report/human_format.hpp"
#include "sim/random.hpp"

namespace spoolsim::report {
namespace {

// The dashboard formatted with printf; fmt must give the same characters.
std::string printf_format(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

TEST(ReportHumanFormat, ThousandsSeparators) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1000), "1,000");
  EXPECT_EQ(group_thousands(100000), "100,000");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
  EXPECT_EQ(group_thousands(std::numeric_limits<std::uint64_t>::max()), "18,446,744,073,709,551,615");
}

TEST(ReportHumanFormat, TableDurationsSpellUnitsOut) {
  EXPECT_EQ(human_duration(0.0), "0 s");
  EXPECT_EQ(human_duration(-3.0), "0 s");
  EXPECT_EQ(human_duration(std::numeric_limits<double>::quiet_NaN()), "0 s");
  EXPECT_EQ(human_duration(0.25), "250 ms");
  EXPECT_EQ(human_duration(42.0), "42 s");
  EXPECT_EQ(human_duration(210.0), "3.5 min");
  EXPECT_EQ(human_duration(2.5 * 3600), "2.5 h");
  EXPECT_EQ(human_duration(47.0 * 3600), "47 h");  // hours up to two days
  EXPECT_EQ(human_duration(48.0 * 3600), "2 d");
  EXPECT_EQ(human_duration(3.0 * 86400), "3 d");
}

TEST(ReportHumanFormat, DashboardDurationsAreCompact) {
  EXPECT_EQ(compact_duration(0.0), "0s");
  EXPECT_EQ(compact_duration(0.25), "250ms");
  EXPECT_EQ(compact_duration(4.25), "4.2s");
  EXPECT_EQ(compact_duration(210.0), "3.5m");
  EXPECT_EQ(compact_duration(2.5 * 3600), "2.5h");
  EXPECT_EQ(compact_duration(3.0 * 86400), "3.0d");
  // Same characters as the dashboard's former printf formats, over many magnitudes.
  sim::RandomStream rng(7, 0, 0, 0);
  for (int i = 0; i < 20'000; ++i) {
    const double s = std::pow(10.0, -4.0 + 10.0 * rng.uniform01());
    const std::string expected = s < 1.0       ? printf_format("%.0fms", s * 1e3)
                                 : s < 60.0    ? printf_format("%.1fs", s)
                                 : s < 3600.0  ? printf_format("%.1fm", s / 60.0)
                                 : s < 86400.0 ? printf_format("%.1fh", s / 3600.0)
                                               : printf_format("%.1fd", s / 86400.0);
    ASSERT_EQ(compact_duration(s), expected) << s;
  }
}

TEST(ReportHumanFormat, LatenciesAndBytes) {
  EXPECT_EQ(human_nanoseconds(0), "0 ns");
  EXPECT_EQ(human_nanoseconds(9'999), "9999 ns");
  EXPECT_EQ(human_nanoseconds(12'345), "12.3 us");
  EXPECT_EQ(human_nanoseconds(4'500'000), "4500.0 us");
  EXPECT_EQ(human_nanoseconds(45'000'000), "45.0 ms");
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
  EXPECT_EQ(human_bytes(1536), "1.5 KiB");
  EXPECT_EQ(human_bytes(3u << 20), "3.0 MiB");
  EXPECT_EQ(human_bytes(std::uint64_t{5} << 50), "5120.0 TiB");  // TiB is the largest unit
}

TEST(ReportHumanFormat, Percentages) {
  EXPECT_EQ(percent(0.01234, 2), "1.23%");
  EXPECT_EQ(percent(0.0, 3), "0.000%");
  EXPECT_EQ(percent_decimals({0.0, 0.5}), 2);
  EXPECT_EQ(percent_decimals({0.0005, 0.5}), 3);  // 0.05% needs 3 decimals for 2 digits
  EXPECT_EQ(percent_decimals({0.000001}), 4);     // capped
  EXPECT_EQ(percent_decimals({-0.0005}), 3);      // differences may be negative
  EXPECT_EQ(percentage_points(0.0123, 2), "+1.23");
  EXPECT_EQ(percentage_points(-0.004, 2), "-0.40");
  EXPECT_EQ(percentage_points(-0.00001, 2), "0.00");  // rounds to zero: no sign
  EXPECT_EQ(compact_percent(0.5), "50.00%");
  EXPECT_EQ(compact_percent(0.0), "0.00%");
  EXPECT_EQ(compact_percent(0.00005), "0.0050%");  // under 0.01%: four decimals
  EXPECT_EQ(compact_percent(-0.00005), "-0.0050%");
  EXPECT_EQ(compact_percent(0.0001), "0.01%");
}

TEST(ReportHumanFormat, CompactCountsAndMoney) {
  EXPECT_EQ(compact_count(950.0), "950");
  EXPECT_EQ(compact_count(9'999.4), "9999");
  EXPECT_EQ(compact_count(12'345.0), "12.3k");
  EXPECT_EQ(compact_count(1'250'000.0), "1.25M");
  sim::RandomStream rng(7, 0, 1, 0);
  for (int i = 0; i < 20'000; ++i) {
    const double v = std::pow(10.0, 8.0 * rng.uniform01());
    const std::string expected = v >= 1e6   ? printf_format("%.2fM", v / 1e6)
                                 : v >= 1e4 ? printf_format("%.1fk", v / 1e3)
                                            : printf_format("%.0f", v);
    ASSERT_EQ(compact_count(v), expected) << v;
    const double share = v * 1e-9;
    ASSERT_EQ(compact_percent(share), printf_format(100.0 * share < 0.01 ? "%.4f%%" : "%.2f%%", 100.0 * share)) << share;
  }
  EXPECT_EQ(money(0.0), "0");
  EXPECT_EQ(money(12.3456), "12.35");
  EXPECT_EQ(money(-3.0), "-3.00");
  EXPECT_EQ(money(0.012345), "0.0123");
}

TEST(ReportHumanFormat, DecimalBytesAndAmounts) {
  EXPECT_EQ(decimal_bytes(0), "0 B");
  EXPECT_EQ(decimal_bytes(999), "999 B");
  EXPECT_EQ(decimal_bytes(1000), "1.0 kB");
  EXPECT_EQ(decimal_bytes(1'500'000), "1.5 MB");
  EXPECT_EQ(decimal_bytes(2'100'000'000), "2.1 GB");
  EXPECT_EQ(decimal_bytes(3'000'000'000'000'000), "3000.0 TB");
  // Two significant digits for the smallest non-zero value of a column.
  EXPECT_EQ(amount_decimals({}), 0);
  EXPECT_EQ(amount_decimals({0.0, 123.0}), 0);
  EXPECT_EQ(amount_decimals({12.0, 4.2}), 1);
  EXPECT_EQ(amount_decimals({0.042, 5000.0}), 3);
  EXPECT_EQ(amount_decimals({1e-9}), 4);  // capped
  EXPECT_EQ(amount(1234.5, 1), "1,234.5");
  EXPECT_EQ(amount(1234567.0, 0), "1,234,567");
  EXPECT_EQ(amount(0.375, 2), "0.38");
  EXPECT_EQ(amount(-1234.5, 0), "-1,234");  // fmt rounds half to even
  EXPECT_EQ(amount(-0.001, 1), "0.0");      // never "-0.0"
  EXPECT_EQ(amount(0.0, 0), "0");
}

}  // namespace
}  // namespace spoolsim::report

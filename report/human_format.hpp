// Numbers for people: thousands separators, durations, bytes, percentages
// and money, as the table report (cli) and the dashboard (viz) print them.
// Two styles where the two differ on purpose: the table spells units out
// ("3.5 min"), the dashboard packs them into narrow cells ("3.5m").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace spoolsim::report {

// 1234567 -> "1,234,567".
std::string group_thousands(std::uint64_t value);

// Seconds in the largest fitting unit, three significant digits:
// "0 s", "250 ms", "42 s", "3.5 min", "2.1 h", then days from 48 h: "3.2 d".
std::string human_duration(double seconds);
// The dashboard's: one decimal, no space: "0s", "250ms", "4.2s", "3.5m", "2.1h", "3.2d".
std::string compact_duration(double seconds);
// A measured latency: "850 ns", "12.3 us" (from 10 us), "4.5 ms" (from 10 ms).
std::string human_nanoseconds(std::int64_t ns);

// Binary units with one decimal: "512 B", "1.5 KiB", "3.0 MiB", up to TiB.
std::string human_bytes(std::uint64_t bytes);

// Decimal units with one decimal, as storage is priced (per GB, R11.2):
// "512 B", "1.5 kB", "3.0 MB", "2.1 GB", up to TB.
std::string decimal_bytes(std::uint64_t bytes);

// Decimals (0..4) so that the smallest non-zero |value| shows two
// significant digits: one count for a whole column (same decimals in it).
int amount_decimals(const std::vector<double>& values);
// A mean count or amount with thousands separators: 1234.5, 1 -> "1,234.5".
std::string amount(double value, int decimals);

// A rate as a percentage with `decimals` decimals: 0.01234, 2 -> "1.23%".
std::string percent(double rate, int decimals);
// Decimals (2..4) so that the smallest non-zero |rate| shows two significant digits.
int percent_decimals(const std::vector<double>& rates);
// A difference of rates in percentage points with an explicit sign, no
// unit: +1.23, -0.40; "0.00" when it rounds to zero (never "-0.00").
std::string percentage_points(double diff, int decimals);
// The dashboard's: two decimals, four for a non-zero share under 0.01%.
std::string compact_percent(double share);

// A count for a narrow cell: "950", "12.3k" (from 10,000), "1.25M".
std::string compact_count(double value);

// An amount of money without currency: "0", "12.35" from 1 up, three
// significant digits below 1 ("0.0123").
std::string money(double amount);

}  // namespace spoolsim::report

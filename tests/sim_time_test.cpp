// R1.1: durations with units, exact parsing and round trips.
#include <gtest/gtest.h>

#include <string>

#include "sim/time.hpp"

namespace spoolsim::sim {
namespace {

TEST(SimTime, ParsesEveryUnit) {
  EXPECT_EQ(parse_duration("17us"), 17);
  EXPECT_EQ(parse_duration("250ms"), 250 * kMillisecond);
  EXPECT_EQ(parse_duration("90s"), 90 * kSecond);
  EXPECT_EQ(parse_duration("5m"), 5 * kMinute);
  EXPECT_EQ(parse_duration("12h"), 12 * kHour);
  EXPECT_EQ(parse_duration("30d"), 30 * kDay);
}

TEST(SimTime, ParsesDecimalsExactly) {
  EXPECT_EQ(parse_duration("1.5h"), 90 * kMinute);
  EXPECT_EQ(parse_duration("0.25s"), 250 * kMillisecond);
  EXPECT_EQ(parse_duration(".5d"), 12 * kHour);
  EXPECT_EQ(parse_duration("2.s"), 2 * kSecond);
  EXPECT_EQ(parse_duration("0.001ms"), 1);
  EXPECT_EQ(parse_duration("1.000000000000000000000s"), kSecond);  // trailing zeros are harmless
}

TEST(SimTime, ZeroAloneNeedsNoUnit) {
  EXPECT_EQ(parse_duration("0"), 0);
  EXPECT_EQ(parse_duration("0.0"), 0);
  EXPECT_EQ(parse_duration("0s"), 0);
  EXPECT_EQ(parse_duration(" 3m "), 3 * kMinute);  // surrounding blanks are trimmed
}

TEST(SimTime, FormatUsesLargestExactUnit) {
  EXPECT_EQ(format_duration(0), "0");
  EXPECT_EQ(format_duration(30 * kDay), "30d");
  EXPECT_EQ(format_duration(90 * kSecond), "90s");
  EXPECT_EQ(format_duration(250 * kMillisecond), "250ms");
  EXPECT_EQ(format_duration(17), "17us");
  EXPECT_EQ(format_duration(36 * kHour), "36h");
  EXPECT_EQ(format_duration(kHour + kSecond), "3601s");
}

TEST(SimTime, RoundTrips) {
  const Duration samples[] = {0, 1, 999, kMillisecond, 1500 * kMillisecond, kMinute, 7 * kHour,
                              400 * kDay, kDay + 1, kNever, kNever - 1, 123456789012345};
  for (Duration d : samples) {
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  }
  const char* texts[] = {"30d", "90s", "250ms", "17us", "5m", "12h"};
  for (const char* t : texts) EXPECT_EQ(format_duration(parse_duration(t)), t);
}

// Returns the message of the DurationError thrown for text ("" if none).
std::string error_of(const std::string& text) {
  try {
    parse_duration(text);
  } catch (const DurationError& e) {
    return e.what();
  }
  return "";
}

TEST(SimTime, ErrorsSayWhatIsWrong) {
  const std::string allowed = "expected a number with a unit: us, ms, s, m, h, d";
  const std::string missing = error_of("5");
  EXPECT_NE(missing.find("missing unit"), std::string::npos) << missing;
  EXPECT_NE(missing.find(allowed), std::string::npos) << missing;

  const std::string unknown = error_of("5 parsecs");
  EXPECT_NE(unknown.find("unknown unit \"parsecs\""), std::string::npos) << unknown;
  EXPECT_NE(unknown.find(allowed + "; got \"5 parsecs\""), std::string::npos) << unknown;

  EXPECT_NE(error_of("-5s").find("negative"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("   ").find("empty"), std::string::npos);
  EXPECT_NE(error_of("abc").find("no number"), std::string::npos);
  EXPECT_NE(error_of("s").find("no number"), std::string::npos);
  EXPECT_NE(error_of(".h").find("no number"), std::string::npos);
  EXPECT_NE(error_of("1.2.3s").find("unknown unit"), std::string::npos);
  EXPECT_NE(error_of("5S").find("unknown unit"), std::string::npos);  // units are case-sensitive
  EXPECT_NE(error_of("0.5us").find("finer than a microsecond"), std::string::npos);
}

TEST(SimTime, OverflowIsAnError) {
  // kNever is 9223372036854775807us, about 106,751,991 days.
  EXPECT_EQ(parse_duration("9223372036854775807us"), kNever);
  EXPECT_NE(error_of("9223372036854775808us").find("too large"), std::string::npos);
  EXPECT_NE(error_of("106751992d").find("too large"), std::string::npos);
  EXPECT_NE(error_of("99999999999999999999999999h").find("too large"), std::string::npos);
  EXPECT_EQ(parse_duration("106751991d"), 106751991 * kDay);
  EXPECT_NE(error_of("2562047788.1h").find("too large"), std::string::npos);
}

}  // namespace
}  // namespace spoolsim::sim

// DownsampledSeries: bounded memory, even coverage, newest point kept.
#include <gtest/gtest.h>

#include "viz/live_series.hpp"

namespace spoolsim::viz {
namespace {

TEST(VizLiveSeries, KeepsEverythingBelowCapacity) {
  DownsampledSeries s(8);
  for (int i = 0; i < 8; ++i) s.push(i, 10.0 * i);
  EXPECT_EQ(s.stride(), 1u);
  ASSERT_EQ(s.values().size(), 8u);
  EXPECT_FLOAT_EQ(s.values()[7], 70.0f);
  EXPECT_DOUBLE_EQ(s.times()[3], 3.0);
}

TEST(VizLiveSeries, HalvesWhenFullAndStaysEvenlySpaced) {
  DownsampledSeries s(8);
  for (int i = 0; i < 1000; ++i) s.push(i, 2.0 * i);
  EXPECT_EQ(s.offered(), 1000u);
  const auto t = s.times();
  const auto v = s.values();
  ASSERT_EQ(t.size(), v.size());
  // At most capacity kept points, plus the newest one.
  EXPECT_LE(t.size(), s.capacity() + 1);
  EXPECT_GE(t.size(), s.capacity() / 2);
  EXPECT_DOUBLE_EQ(t.front(), 0.0);
  // Kept points are the offered indices 0, stride, 2*stride, ...
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    EXPECT_DOUBLE_EQ(t[i], static_cast<double>(i * s.stride())) << i;
    EXPECT_FLOAT_EQ(v[i], static_cast<float>(2 * i * s.stride())) << i;
  }
  // The newest point ends the series, whatever the stride.
  EXPECT_DOUBLE_EQ(t.back(), 999.0);
  EXPECT_FLOAT_EQ(v.back(), 1998.0f);
  EXPECT_DOUBLE_EQ(s.last_value(), 1998.0);
  // 1000 points into 8 slots: the stride is the smallest power of two that fits.
  EXPECT_EQ(s.stride(), 128u);
}

TEST(VizLiveSeries, NewestPointNotDuplicatedWhenKept) {
  DownsampledSeries s(4);
  for (int i = 0; i < 9; ++i) s.push(i, i);  // stride 4 after 9 points: kept 0, 4, 8
  EXPECT_EQ(s.stride(), 4u);
  const auto t = s.times();
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t[2], 8.0);
}

TEST(VizLiveSeries, ClearStartsOver) {
  DownsampledSeries s(4);
  for (int i = 0; i < 50; ++i) s.push(i, i);
  s.clear();
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.stride(), 1u);
  EXPECT_TRUE(s.values().empty());
  s.push(7.0, 3.0);
  ASSERT_EQ(s.values().size(), 1u);
  EXPECT_DOUBLE_EQ(s.times()[0], 7.0);
}

TEST(VizLiveSeries, OddOrTinyCapacityIsRoundedUp) {
  EXPECT_EQ(DownsampledSeries(0).capacity(), 2u);
  EXPECT_EQ(DownsampledSeries(7).capacity(), 8u);
}

}  // namespace
}  // namespace spoolsim::viz

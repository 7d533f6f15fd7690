// The time-weighted level (sim/time_weighted.hpp) behind every storage
// statistic: integral, mean and peak inside a counted window.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sim/time_weighted.hpp"

namespace spoolsim::sim {
namespace {

TEST(SimTimeWeighted, IntegralAverageAndPeakInAnOpenWindow) {
  TimeWeighted w;  // [0, never)
  w.set(10, 5.0);
  w.add(20, -3.0);  // level 2 from t = 20
  EXPECT_EQ(w.level(), 2.0);
  EXPECT_DOUBLE_EQ(w.integral(30), 5.0 * 10 + 2.0 * 10);
  EXPECT_DOUBLE_EQ(w.average(30), 70.0 / 30.0);
  EXPECT_EQ(w.peak(30), 5.0);
  w.set(40, 7.0);
  w.set(40, 1.0);  // a spike of zero duration still counts as a peak
  EXPECT_EQ(w.peak(40), 7.0);
  EXPECT_DOUBLE_EQ(w.integral(50), 70.0 + 2.0 * 10 + 1.0 * 10);
  EXPECT_THROW(w.set(35, 1.0), std::invalid_argument);  // time went back
  EXPECT_THROW(static_cast<void>(w.integral(39)), std::invalid_argument);
}

TEST(SimTimeWeighted, OnlyTheWindowCounts) {
  TimeWeighted w(100, 200);
  w.set(50, 3.0);  // before the window: sets the level it opens with
  EXPECT_EQ(w.peak(99), 0.0);
  EXPECT_EQ(w.average(99), 0.0);
  EXPECT_EQ(w.peak(150), 3.0);
  EXPECT_DOUBLE_EQ(w.integral(150), 3.0 * 50);
  w.set(150, 10.0);
  w.set(250, 20.0);  // after the window: neither a peak nor time
  EXPECT_EQ(w.peak(300), 10.0);
  EXPECT_DOUBLE_EQ(w.integral(300), 3.0 * 50 + 10.0 * 50);
  EXPECT_DOUBLE_EQ(w.average(300), 650.0 / 100.0);
  EXPECT_DOUBLE_EQ(w.integral(200), 650.0);  // the window closed before the last change
  EXPECT_THROW(static_cast<void>(w.integral(180)), std::invalid_argument);
  EXPECT_FALSE(w.in_window(99));
  EXPECT_TRUE(w.in_window(100));
  EXPECT_FALSE(w.in_window(200));
}

TEST(SimTimeWeighted, ALevelHeldAcrossTheWholeWindow) {
  TimeWeighted w(10, 20);
  w.set(0, 4.0);
  EXPECT_EQ(w.peak(30), 4.0);  // never changed inside, but held there
  EXPECT_DOUBLE_EQ(w.average(30), 4.0);
  EXPECT_DOUBLE_EQ(w.average(15), 4.0);  // over the part elapsed by then
  w.set(30, 9.0);
  EXPECT_EQ(w.peak(40), 4.0);
}

TEST(SimTimeWeighted, AnEmptyWindowMeasuresNothing) {
  TimeWeighted w(50, 10);  // ends before it starts
  EXPECT_EQ(w.window_end(), 50);
  w.set(0, 8.0);
  w.set(50, 9.0);
  EXPECT_EQ(w.integral(100), 0.0);
  EXPECT_EQ(w.average(100), 0.0);
  EXPECT_EQ(w.peak(100), 0.0);
  EXPECT_EQ(w.level(), 9.0);
}

}  // namespace
}  // namespace spoolsim::sim

// Issue 16 item 9: analyze's verdict tests five quantities at once, so each
// interval is at 1 - alpha / k (Bonferroni), and the library's one-device
// file passes its own check at its own replications.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "analytic/analytic.hpp"
#include "models/simulation.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::models::analytic {
namespace {

TEST(AnalyticVerdict, BonferroniSplitsTheErrorEvenly) {
  EXPECT_DOUBLE_EQ(bonferroni_level(0.95, 5), 0.99);
  EXPECT_DOUBLE_EQ(bonferroni_level(0.95, 1), 0.95);
  EXPECT_DOUBLE_EQ(bonferroni_level(0.995, 5), 0.999);
  EXPECT_THROW(bonferroni_level(1.0, 5), std::invalid_argument);
  EXPECT_THROW(bonferroni_level(0.95, 0), std::invalid_argument);
}

TEST(AnalyticVerdict, OneDeviceLibraryFileAgreesWithItsOwnSettings) {
  // Exactly what `spoolsim analyze scenarios/r13-one-device.textproto` does.
  Scenario s = scenarios::load_scenario_file(std::string(SPOOLSIM_SOURCE_DIR) + "/scenarios/r13-one-device.textproto")
                   .scenario;
  s.strategies = required_strategies();
  ASSERT_GE(s.replications, 20u) << "5 replications failed the check by chance (docs/analytic.md)";
  RunOptions options;
  options.threads = 2;
  const RunResult result = run(s, options);
  const auto quantities = compare(predict(s), s, result, 0.95);
  ASSERT_EQ(quantities.size(), 5u);
  for (const Quantity& q : quantities) {
    EXPECT_DOUBLE_EQ(q.level, 0.99) << q.name;
    EXPECT_TRUE(q.inside) << q.name << ": analytic " << q.analytic << " outside [" << q.simulated.low << ", "
                          << q.simulated.high << "]";
  }
  // Five intervals at 95% each (family 75%) are narrower: the old verdict.
  const auto single = compare(predict(s), s, result, 0.75);
  EXPECT_DOUBLE_EQ(single[0].level, 0.95);
  EXPECT_LT(single[0].simulated.half_width(), quantities[0].simulated.half_width());
}

}  // namespace
}  // namespace spoolsim::models::analytic

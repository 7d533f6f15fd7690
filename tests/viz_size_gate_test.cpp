// The dashboard's size check (issue 16, docs/sizing.md): the verdict of
// `spoolsim run` for one worker thread. A small limit stated in the
// environment makes a small scenario "too big", so nothing large is run.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "scenarios/loader.hpp"
#include "scenarios/resource_estimate.hpp"
#include "viz/size_gate.hpp"

namespace spoolsim::viz {
namespace {

models::Scenario scenario(const std::vector<std::string>& sets = {}) {
  return scenarios::load_default_scenario(sets).scenario;
}

struct MemoryLimit {
  explicit MemoryLimit(const char* value) { ::setenv("SPOOLSIM_MEMORY_LIMIT", value, 1); }
  ~MemoryLimit() { ::unsetenv("SPOOLSIM_MEMORY_LIMIT"); }
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(VizSizeGate, RefusesWhatDoesNotFitUnlessForced) {
  const MemoryLimit limit("1M");
  const scenarios::SizeVerdict refused = dashboard_size_verdict(scenario(), false);
  EXPECT_TRUE(refused.refuse);
  EXPECT_TRUE(contains(refused.message, "the run would need about")) << refused.message;
  EXPECT_TRUE(contains(refused.message, "1.0 MiB is available (SPOOLSIM_MEMORY_LIMIT)")) << refused.message;
  EXPECT_TRUE(contains(refused.message, "--force")) << refused.message;

  const scenarios::SizeVerdict forced = dashboard_size_verdict(scenario(), true);
  EXPECT_FALSE(forced.refuse);
  EXPECT_TRUE(forced.warn);
  EXPECT_TRUE(contains(forced.message, "warning: --force: running although")) << forced.message;
}

TEST(VizSizeGate, ASmallRunPassesSilently) {
  const MemoryLimit limit("64G");
  const scenarios::SizeVerdict v = dashboard_size_verdict(scenario(), false);
  EXPECT_FALSE(v.refuse);
  EXPECT_FALSE(v.warn);
  EXPECT_TRUE(v.message.empty()) << v.message;
}

TEST(VizSizeGate, ReplicationsRunOneAfterAnother) {
  // The worker has one thread: many replications add time, not memory, so a
  // long run is announced but not refused.
  const MemoryLimit limit("64G");
  const models::Scenario many = scenario({"replications=2000"});
  const scenarios::SizeVerdict v = dashboard_size_verdict(many, false);
  EXPECT_FALSE(v.refuse);
  EXPECT_TRUE(v.warn);
  EXPECT_TRUE(contains(v.message, "estimated to take")) << v.message;
  EXPECT_TRUE(contains(v.message, "1 thread")) << v.message;
  EXPECT_DOUBLE_EQ(scenarios::estimate_run(many, 1).peak_bytes, scenarios::estimate_run(scenario(), 1).peak_bytes);
}

}  // namespace
}  // namespace spoolsim::viz

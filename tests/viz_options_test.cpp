// spoolsim-dashboard's arguments.
#include <gtest/gtest.h>

#include "viz/dashboard_options.hpp"

namespace spoolsim::viz {
namespace {

TEST(VizOptions, Defaults) {
  const DashboardOptions o = parse_dashboard_args({});
  EXPECT_TRUE(o.scenario_path.empty());
  EXPECT_TRUE(o.sets.empty());
  EXPECT_EQ(o.frames, 0u);
  EXPECT_TRUE(o.screenshot.empty());
  EXPECT_EQ(o.width, 1280);
  EXPECT_EQ(o.height, 800);
  EXPECT_EQ(o.delay_ms, 0);
  EXPECT_FALSE(o.start_paused);
  EXPECT_FALSE(o.force);
}

TEST(VizOptions, EverythingInOrder) {
  const DashboardOptions o = parse_dashboard_args(
      {"my.textproto", "--set", "population.users=200", "--seed=9", "--set=horizon=4d", "--replications", "2", "--strategies", "deliver,purge_all",
       "--frames", "30", "--screenshot", "out.png", "--delay", "25", "--paused", "--size", "1024x640", "--force"});
  EXPECT_EQ(o.scenario_path, "my.textproto");
  const std::vector<std::string> sets = {"population.users=200", "seed=9", "horizon=4d", "replications=2",
                                         "strategies=deliver,purge_all"};
  EXPECT_EQ(o.sets, sets);
  EXPECT_EQ(o.frames, 30u);
  EXPECT_EQ(o.screenshot, "out.png");
  EXPECT_EQ(o.delay_ms, 25);
  EXPECT_TRUE(o.start_paused);
  EXPECT_EQ(o.width, 1024);
  EXPECT_EQ(o.height, 640);
  EXPECT_TRUE(o.force);
}

TEST(VizOptions, Help) {
  EXPECT_TRUE(parse_dashboard_args({"--help"}).help);
  EXPECT_TRUE(parse_dashboard_args({"-h"}).help);
  EXPECT_NE(dashboard_usage().find("--screenshot FILE"), std::string::npos);
}

void expect_usage_error(const std::vector<std::string>& args, const std::string& fragment) {
  try {
    parse_dashboard_args(args);
    ADD_FAILURE() << "no error for " << args.front();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(VizOptions, BadInputSaysWhat) {
  expect_usage_error({"--frames", "ten"}, "--frames: \"ten\" is not a whole number");
  expect_usage_error({"--frames", "0"}, "in [1, ");
  expect_usage_error({"--frames"}, "--frames needs a value");
  expect_usage_error({"--set", "population.users"}, "is not PATH=VALUE");
  expect_usage_error({"--seed", "-3"}, "--seed");
  expect_usage_error({"--size", "big"}, "is not WIDTHxHEIGHT");
  expect_usage_error({"--size", "100x100"}, "--size width");
  expect_usage_error({"--bogus"}, "unknown option \"--bogus\"");
  expect_usage_error({"a.textproto", "b.textproto"}, "one scenario file only");
  expect_usage_error({"--delay", "99999"}, "--delay");
}

}  // namespace
}  // namespace spoolsim::viz

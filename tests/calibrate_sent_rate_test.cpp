// R4.1 with traffic.sent_messages_per_user_per_day: the stated rate is what
// users send, whatever their devices; the candidate field keeps its meaning,
// old files load unchanged, and explain shows both rates.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"
#include "support/world_support.hpp"

namespace spoolsim::world_test {
namespace {

// Sends per user over one replication.
std::vector<double> sends_per_user(const Scenario& s) {
  World w(s, 0);
  WorldGenerator g(w, 0);
  std::vector<double> out(w.users().size(), 0.0);
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind == WorldEventKind::Send) out[w.message(e.message).sender] += 1.0;
  }
  return out;
}

TEST(CalibrateSentRate, StatedSentRateIsWhatIsSent) {
  // Two very different clients: one online 10% of the time, one 60%; users
  // have 1 to 3 devices. Without the solve, the sent rate would depend on both.
  Scenario s = small_scenario(600, 11);
  s.clients = {profile("rarely", 1 * sim::kHour, 9 * sim::kHour), profile("often", 6 * sim::kHour, 4 * sim::kHour)};
  s.population.client_mix = {{0, 1.0}, {1, 1.0}};
  s.population.devices_per_user = sim::Distribution::empirical({1, 2, 3}, {50, 30, 20});
  s.traffic.messages_per_user_per_day = 1000;  // ignored once the sent rate is stated
  s.traffic.sent_messages_per_user_per_day = 6.5;
  const std::vector<double> n = sends_per_user(s);
  const double days = sim::to_days(s.horizon - s.drain);
  double sum = 0, sq = 0;
  for (double x : n) sum += x;
  const double mean = sum / static_cast<double>(n.size());
  for (double x : n) sq += (x - mean) * (x - mean);
  // The tolerance: 4 standard errors of the mean per-user count, from the
  // sample's own spread (presence makes the counts over-dispersed).
  const double se = std::sqrt(sq / static_cast<double>(n.size() - 1) / static_cast<double>(n.size()));
  EXPECT_NEAR(mean, 6.5 * days, 4.0 * se) << "se " << se;
  EXPECT_GT(se, 0.0);
}

TEST(CalibrateSentRate, CandidateRateStillMeansCandidates) {
  // Unset sent rate: messages_per_user_per_day is the candidate rate, so
  // with devices online 25% of the time far fewer are sent.
  Scenario s = small_scenario(400, 5);
  s.traffic.messages_per_user_per_day = 20;
  const std::vector<double> n = sends_per_user(s);
  double sum = 0;
  for (double x : n) sum += x;
  const double days = sim::to_days(s.horizon - s.drain);
  EXPECT_LT(sum / static_cast<double>(n.size()), 0.5 * 20 * days);
}

TEST(CalibrateSentRate, SolvedCandidateRate) {
  const ClientProfile half = profile("half", 1 * sim::kHour, 1 * sim::kHour);
  // One device online half the time: twice the candidates.
  EXPECT_DOUBLE_EQ(WorldGenerator::candidate_rate_for_sent(10, {&half}, true), 20.0);
  // Two independent ones: online 3/4 of the time.
  EXPECT_DOUBLE_EQ(WorldGenerator::candidate_rate_for_sent(9, {&half, &half}, true), 12.0);
  EXPECT_DOUBLE_EQ(WorldGenerator::candidate_rate_for_sent(9, {&half}, false), 9.0);
}

TEST(CalibrateSentRate, ExplainShowsBothRates) {
  const auto loaded =
      scenarios::load_scenario_text("traffic { sent_messages_per_user_per_day: 6.5 }\n", "sent.textproto");
  ASSERT_TRUE(loaded.scenario.traffic.sent_messages_per_user_per_day.has_value());
  EXPECT_DOUBLE_EQ(*loaded.scenario.traffic.sent_messages_per_user_per_day, 6.5);
  EXPECT_DOUBLE_EQ(scenarios::expected_sent_per_user_per_day(loaded.scenario), 6.5);
  EXPECT_GT(scenarios::expected_candidates_per_user_per_day(loaded.scenario), 6.5);
  std::string rate;
  for (const auto& a : scenarios::assumptions(loaded)) {
    if (a.topic == "traffic rate") rate = a.value + " [" + a.origin + "]";
  }
  EXPECT_NE(rate.find("6.5 sent per user per day"), std::string::npos) << rate;
  EXPECT_NE(rate.find("candidates, solved"), std::string::npos) << rate;
  EXPECT_NE(rate.find("scenario file"), std::string::npos) << rate;
  EXPECT_NE(loaded.explained_textproto.find("sent_messages_per_user_per_day: 6.5"), std::string::npos);
}

TEST(CalibrateSentRate, OldFilesKeepTheCandidateRate) {
  const auto loaded = scenarios::load_scenario_text("traffic { messages_per_user_per_day: 12 }\n", "old.textproto");
  EXPECT_FALSE(loaded.scenario.traffic.sent_messages_per_user_per_day.has_value());
  EXPECT_DOUBLE_EQ(scenarios::expected_candidates_per_user_per_day(loaded.scenario), 12.0);
  EXPECT_THROW(scenarios::load_scenario_text("traffic { sent_messages_per_user_per_day: -1 }\n", "bad.textproto"),
               scenarios::ScenarioError);
}

}  // namespace
}  // namespace spoolsim::world_test

// summarize(): R12.1 per-strategy summaries over replications and R12.3
// paired differences, on hand-built results whose answers are known.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "models/outcomes/summary.hpp"
#include "support/cli_results.hpp"

namespace spoolsim {
namespace {

using models::StrategyKind;

// Student-t 95% quantile for 3 degrees of freedom (tables: 3.182446).
constexpr double kT3 = 3.182446;

TEST(CliSummary, SumsCountsAndGivesTheLossRateIntervalOverReplications) {
  const std::uint64_t sent = 1000;
  const std::vector<std::uint64_t> lost{10, 20, 30, 40};
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, sent, {lost});
  const models::RunSummary s = models::summarize(run);
  ASSERT_EQ(s.strategies.size(), 1u);
  const models::StrategySummary& d = s.strategies[0];
  EXPECT_EQ(d.totals.sent, 4 * sent);
  EXPECT_EQ(d.totals.lost, 100u);
  EXPECT_EQ(d.totals.bounced, 8u);
  EXPECT_EQ(d.totals.pending, 4u);
  EXPECT_EQ(d.totals.delivered, 4 * sent - 100 - 8 - 4);
  EXPECT_EQ(d.totals.lost_by_cause[static_cast<std::size_t>(models::LossCause::PurgedOnBind2)], 100u);
  EXPECT_TRUE(d.totals.consistent());
  // Rates 1%, 2%, 3%, 4%: mean 2.5%, s = 1.291%, half-width t(3) s / sqrt(4).
  const double sd = std::sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3.0) / 100.0;
  const double half = kT3 * sd / 2.0;
  EXPECT_NEAR(d.loss_rate.mean, 0.025, 1e-12);
  EXPECT_NEAR(d.loss_rate.low, 0.025 - half, 1e-5);
  EXPECT_NEAR(d.loss_rate.high, 0.025 + half, 1e-5);
}

TEST(CliSummary, StoragePeaksAreMaximaAndTheRestMeans) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 100, {{0, 0, 0}}, 50);
  const models::StrategySummary d = models::summarize(run).strategies.at(0);
  EXPECT_EQ(d.spool.peak_rows, 30u);      // 10 * (rep + 1), max at rep 2
  EXPECT_EQ(d.spool.peak_bytes, 3000u);
  EXPECT_DOUBLE_EQ(d.spool.mean_rows, 10.0);   // mean of 5, 10, 15
  EXPECT_DOUBLE_EQ(d.spool.byte_days, 4.0);    // mean of 2, 4, 6
  EXPECT_EQ(d.spool.rows_written, 200u);       // mean of 100, 200, 300
  EXPECT_EQ(d.spool.rows_deleted, 180u);
  EXPECT_EQ(d.spool.ops[static_cast<std::size_t>(models::StoreOp::Insert)], 200u);
  EXPECT_EQ(d.archive.peak_rows, 150u);
  EXPECT_DOUBLE_EQ(d.mean_spool_rows_per_user, 10.0 / 50.0);
  EXPECT_DOUBLE_EQ(d.cost_per_month_per_1000_users, 1.5);  // mean of 0.5, 1.5, 2.5
}

TEST(CliSummary, LatencyQuantilesComeFromTheMergedHistograms) {
  // Each replication delivers 97 messages cycling 1 s, 30 s, 10 min, 2 h:
  // over 3 replications the median is 30 s and p99 is 2 h.
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 100, {{0, 0, 0}});
  const models::StrategySummary d = models::summarize(run).strategies.at(0);
  const double tol = sim::LatencyHistogram::kRelativeError * 2;
  EXPECT_NEAR(d.latency_p50_s, 30.0, 30.0 * tol);
  EXPECT_NEAR(d.latency_p95_s, 7200.0, 7200.0 * tol);
  EXPECT_NEAR(d.latency_p99_s, 7200.0, 7200.0 * tol);
}

TEST(CliSummary, BreakdownsAreSummedByLabelInLabelOrder) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 101, {{5, 7}});
  const models::StrategySummary d = models::summarize(run).strategies.at(0);
  ASSERT_EQ(d.by_recipient_mix.size(), 2u);
  EXPECT_EQ(d.by_recipient_mix[0].label, "conversations");
  EXPECT_EQ(d.by_recipient_mix[1].label, "conversations+gajim");
  EXPECT_EQ(d.by_recipient_mix[0].counts.sent + d.by_recipient_mix[1].counts.sent, 202u);
  EXPECT_EQ(d.by_recipient_mix[0].counts.lost, 2u + 3u);  // 5/2 + 7/2
  EXPECT_EQ(d.by_recipient_mix[1].counts.lost, 3u + 4u);
  ASSERT_EQ(d.by_profile.size(), 2u);
  EXPECT_EQ(d.by_profile[1].label, "gajim");
}

TEST(CliSummary, PairedDifferencesAreAgainstDeliverWhereverItIsListed) {
  // purge_all first, deliver second: deliver is still the reference.
  const std::vector<std::uint64_t> purge{50, 70, 40, 60};
  const std::vector<std::uint64_t> deliver{10, 30, 10, 10};
  const models::RunResult run =
      testing::run_result({StrategyKind::PurgeAll, StrategyKind::Deliver}, 1000, {purge, deliver});
  const models::RunSummary s = models::summarize(run);
  ASSERT_EQ(s.paired.size(), 1u);
  EXPECT_EQ(s.paired[0].a, StrategyKind::PurgeAll);
  EXPECT_EQ(s.paired[0].b, StrategyKind::Deliver);
  // Differences 4%, 4%, 3%, 5%: mean 4%, s = 0.8165%.
  const double sd = std::sqrt(2.0 / 3.0) / 100.0;
  EXPECT_NEAR(s.paired[0].loss_rate_diff.mean, 0.04, 1e-12);
  EXPECT_NEAR(s.paired[0].loss_rate_diff.half_width(), kT3 * sd / 2.0, 1e-5);
  // Unpaired, the interval would be far wider: pairing removes the common noise.
  EXPECT_LT(s.paired[0].loss_rate_diff.half_width(),
            s.strategies[0].loss_rate.half_width() + s.strategies[1].loss_rate.half_width());
}

TEST(CliSummary, WithoutDeliverTheFirstStrategyIsTheReference) {
  const models::RunResult run = testing::run_result(
      {StrategyKind::PurgeIfArchiving, StrategyKind::PurgeAll, StrategyKind::Deferred}, 100,
      {{1, 2}, {3, 4}, {0, 0}});
  const models::RunSummary s = models::summarize(run);
  ASSERT_EQ(s.paired.size(), 2u);
  EXPECT_EQ(s.paired[0].a, StrategyKind::PurgeAll);
  EXPECT_EQ(s.paired[0].b, StrategyKind::PurgeIfArchiving);
  EXPECT_EQ(s.paired[1].a, StrategyKind::Deferred);
  EXPECT_NEAR(s.paired[1].loss_rate_diff.mean, -0.015, 1e-12);
}

TEST(CliSummary, OneStrategyHasNoPairedDifferences) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 100, {{1, 2}});
  EXPECT_TRUE(models::summarize(run).paired.empty());
}

TEST(CliSummary, AReplicationMissingAStrategyIsAnInternalError) {
  models::RunResult run = testing::run_result({StrategyKind::Deliver, StrategyKind::PurgeAll}, 100, {{1, 2}, {3, 4}});
  run.replications[1].strategies.pop_back();
  EXPECT_THROW(models::summarize(run), std::logic_error);
}

TEST(CliSummary, FingerprintAndEventsCoverEveryReplication) {
  const models::RunResult run = testing::run_result({StrategyKind::Deliver}, 100, {{1, 2, 3}});
  EXPECT_EQ(models::total_events(run), (1000u + 500u) + (1001u + 500u) + (1002u + 500u));
  models::RunResult changed = run;
  changed.replications[2].fingerprint ^= 1;
  EXPECT_NE(models::run_fingerprint(run), models::run_fingerprint(changed));
  EXPECT_EQ(models::run_fingerprint(run), models::run_fingerprint(testing::run_result({StrategyKind::Deliver}, 100, {{1, 2, 3}})));
}

TEST(CliSummary, EmptyRunGivesZeros) {
  models::RunResult run;
  run.strategies = {StrategyKind::Deliver};
  const models::RunSummary s = models::summarize(run);
  ASSERT_EQ(s.strategies.size(), 1u);
  EXPECT_EQ(s.strategies[0].totals.sent, 0u);
  EXPECT_EQ(s.strategies[0].loss_rate.mean, 0.0);
  EXPECT_EQ(s.strategies[0].latency_p99_s, 0.0);
}

}  // namespace
}  // namespace spoolsim

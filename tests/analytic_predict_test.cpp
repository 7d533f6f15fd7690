// R13: predictions for whole populations against hand-derived closed forms
// (docs/analytic.md), independent of the chain solver's code path.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "analytic/analytic.hpp"
#include "support/analytic_scenarios.hpp"

namespace spoolsim::models::analytic {
namespace {

constexpr double kHourS = 3600.0;

TEST(Predict, OneDevice) {
  const auto p = predict(testing::analytic_one_device());
  ASSERT_EQ(p.types.size(), 1U);
  // online 2h, offline 6h: P(offline) = 6 / 8.
  EXPECT_NEAR(p.all_offline, 0.75, 1e-12);
  EXPECT_NEAR(p.purge_all_loss_rate, 0.75, 1e-12);   // the only device is Bind2
  EXPECT_NEAR(p.sends_per_user_per_day, 24.0 * 0.25, 1e-12);
  EXPECT_NEAR(p.offline_wait_s, 6.0 * kHourS, 1e-6);
  // 6 per day = 0.25 per hour; rows = 0.25 * 0.75 * 6h.
  EXPECT_NEAR(p.spool_rows_per_user, 0.25 * 0.75 * 6.0, 1e-12);
  EXPECT_LT(p.max_pending_share, 1e-6);  // 4-day drain, 6h mean offline
}

TEST(Predict, TwoDevicesWithDifferentRates) {
  const auto p = predict(testing::analytic_two_devices());
  // phone 1h/3h: 3/4 offline; desktop 8h/16h: 2/3 offline.
  const double p0 = 0.75 * (2.0 / 3.0);
  const double nu_per_h = 1.0 / 3.0 + 1.0 / 16.0;
  EXPECT_NEAR(p.all_offline, p0, 1e-12);
  EXPECT_NEAR(p.purge_all_loss_rate, p0, 1e-12);
  EXPECT_NEAR(p.sends_per_user_per_day, 24.0 * (1.0 - p0), 1e-12);
  EXPECT_NEAR(p.offline_wait_s / kHourS, 1.0 / nu_per_h, 1e-12);
  EXPECT_NEAR(p.spool_rows_per_user, 24.0 * (1.0 - p0) / 24.0 * p0 / nu_per_h, 1e-12);
}

TEST(Predict, SenderNeedNotBeOnline) {
  auto s = testing::analytic_two_devices();
  s.traffic.sender_must_be_online = false;
  const auto p = predict(s);
  EXPECT_DOUBLE_EQ(p.sends_per_user_per_day, 24.0);
  EXPECT_NEAR(p.all_offline, 0.5, 1e-12);  // the recipient side does not change
}

// Mixed population: closed forms per device multiset, mixed by shares.
TEST(Predict, MixedDevicesAgainstEnumeratedClosedForms) {
  const auto s = testing::analytic_mixed_devices();
  const auto p = predict(s);
  EXPECT_EQ(p.types.size(), 3U + 9U + 27U);  // ordered profile sequences per count
  double share = 0.0;
  for (const auto& t : p.types) share += t.share;
  EXPECT_NEAR(share, 1.0, 1e-12);

  struct Profile { double on_h, off_h; bool bind2; double weight; };
  const Profile prof[3] = {{1, 3, true, 0.5}, {8, 16, true, 0.3}, {2, 10, false, 0.2}};
  const double count_p[4] = {0.0, 0.5, 0.3, 0.2};
  double p0 = 0.0, lost = 0.0, stay = 0.0;
  // Every ordered sequence of 1..3 profiles.
  for (int k = 1; k <= 3; ++k) {
    const int combos = k == 1 ? 3 : k == 2 ? 9 : 27;
    for (int c = 0; c < combos; ++c) {
      double w = count_p[k], off = 1.0, nu = 0.0, nu_bind2 = 0.0;
      for (int i = 0, x = c; i < k; ++i, x /= 3) {
        const auto& pr = prof[x % 3];
        w *= pr.weight;
        off *= pr.off_h / (pr.on_h + pr.off_h);
        nu += 1.0 / pr.off_h;
        if (pr.bind2) nu_bind2 += 1.0 / pr.off_h;
      }
      p0 += w * off;
      lost += w * off * nu_bind2 / nu;
      stay += w * off / nu;  // hours
    }
  }
  EXPECT_NEAR(p.all_offline, p0, 1e-12);
  EXPECT_NEAR(p.purge_all_loss_rate, lost, 1e-12);
  EXPECT_LT(p.purge_all_loss_rate, p.all_offline);  // SASL1 devices flush first sometimes
  EXPECT_NEAR(p.sends_per_user_per_day, 24.0 * (1.0 - p0), 1e-12);
  EXPECT_NEAR(p.offline_wait_s / kHourS, stay / p0, 1e-9);
  EXPECT_NEAR(p.spool_rows_per_user, (1.0 - p0) * stay, 1e-12);  // 24/day = 1/h
}

TEST(Predict, SolverChoiceDoesNotChangeTheAnswer) {
  const auto s = testing::analytic_mixed_devices();
  const auto dense = predict(s, Solver::Dense), sparse = predict(s, Solver::Sparse);
  EXPECT_NEAR(dense.all_offline, sparse.all_offline, 1e-13);
  EXPECT_NEAR(dense.spool_rows_per_user, sparse.spool_rows_per_user, 1e-13);
}

}  // namespace
}  // namespace spoolsim::models::analytic

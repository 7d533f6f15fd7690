// The seed incident (ejabberd #4287) on generated populations, and the
// residual loss of the 24.12 fix (docs/sources.md sections 1.1 and 7).
#include <gtest/gtest.h>

#include <cstdio>

#include "models/simulation.hpp"
#include "support/server_random.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

const OutcomeCounts& group(const StrategyResult& r, const std::string& label) {
  for (const GroupOutcome& g : r.by_recipient_mix)
    if (g.label == label) return g.counts;
  throw std::logic_error("no group " + label);
}

constexpr int kPurged = static_cast<int>(LossCause::PurgedOnBind2);

TEST(ServerIncident, PurgeAllWithMamNeverLosesWhatBind2UsersGetWhileOffline) {
  RandomConfig c;
  c.seed = 42;
  c.users = 200;
  c.single_device = true;
  c.mam_default = MamDefault::Never;
  const Scenario sc = random_scenario(c);
  const ReplicationResult r = run_replication(sc, 0, {StrategyKind::Deliver, StrategyKind::PurgeAll});
  const StrategyResult& deliver = r.strategies[0];
  const StrategyResult& purge = r.strategies[1];
  EXPECT_EQ(deliver.outcomes.lost_by_cause[kPurged], 0u);
  // All-Bind2 recipients: everything spooled for them is purged, i.e. what
  // deliver flushes to them and purge_all does not.
  const OutcomeCounts& conv_d = group(deliver, "conversations");
  const OutcomeCounts& conv_p = group(purge, "conversations");
  EXPECT_EQ(conv_d.lost, 0u);  // SM devices, nothing archived: deliver loses nothing
  EXPECT_EQ(conv_p.lost, conv_p.lost_by_cause[kPurged]);
  EXPECT_EQ(conv_p.lost, conv_d.delivered - conv_p.delivered);
  // Devices are offline 3/4 of the time: a large share of their messages is spooled.
  EXPECT_GT(static_cast<double>(conv_p.lost), 0.4 * static_cast<double>(conv_p.sent));
  // SASL1-only recipients lose nothing to the purge and fare exactly as under deliver.
  for (const char* label : {"gajim", "plain"}) {
    expect_same_outcomes(group(purge, label), group(deliver, label), label);
    EXPECT_EQ(group(purge, label).lost_by_cause[kPurged], 0u);
  }
}

TEST(ServerIncident, PurgeIfArchivingWithRosterDefaultLosesStrangersOnly) {
  for (double strangers : {0.3, 0.0}) {
    RandomConfig c;
    c.seed = 43;
    c.users = 200;
    c.single_device = true;
    c.mam_default = MamDefault::Roster;
    c.stranger_share = strangers;
    Scenario sc = random_scenario(c);
    sc.population.client_mix = {{0, 1.0}};  // all Conversations
    // Watts-Strogatz leaves nobody without contacts (R4.2: they would send
    // to strangers even with stranger_share 0).
    sc.contacts.generator = ContactGenerator::SmallWorld;
    const ReplicationResult r = run_replication(sc, 0, {StrategyKind::PurgeIfArchiving});
    const OutcomeCounts& o = r.strategies[0].outcomes;
    // Contacts' messages are archived and come back by catch-up; strangers'
    // are not archived and the purge destroys them.
    EXPECT_EQ(o.lost, o.lost_by_cause[kPurged]) << strangers;
    if (strangers > 0) {
      EXPECT_GT(static_cast<double>(o.lost), 0.05 * static_cast<double>(o.sent));
    } else {
      EXPECT_EQ(o.lost, 0u);
    }
  }
}

// The figures for the report (run with --gtest_also_run_disabled_tests):
// 2000 users, 14 days, Conversations/Gajim mix, MAM never.
TEST(ServerIncident, DISABLED_ReportDefaultLike) {
  RandomConfig c;
  c.seed = 1;
  c.users = 2000;
  Scenario sc = random_scenario(c);
  sc.horizon = 14 * sim::kDay;
  sc.warmup = sim::kDay;
  sc.drain = sim::kDay;
  sc.clients.pop_back();  // conversations + gajim only
  sc.population.client_mix = {{0, 1.0}, {1, 1.0}};
  for (ClientProfile& p : sc.clients) {
    p.online_duration = sim::Distribution::exponential(2.0 * sim::kHour);
    p.offline_duration = sim::Distribution::exponential(6.0 * sim::kHour);
    p.abrupt_disconnect_share = 0.2;
  }
  sc.traffic.stranger_share = 0.0;
  const ReplicationResult r = run_replication(sc, 0, sc.strategies);
  for (const StrategyResult& s : r.strategies) {
    std::printf("%-20s sent %8llu lost %7.4f%% bounced %7.4f%% pending %6.4f%% spool peak %llu rows, cost %.4f\n",
                to_string(s.strategy), static_cast<unsigned long long>(s.outcomes.sent),
                100.0 * s.outcomes.loss_rate(),
                100.0 * static_cast<double>(s.outcomes.bounced) / static_cast<double>(s.outcomes.sent),
                100.0 * static_cast<double>(s.outcomes.pending) / static_cast<double>(s.outcomes.sent),
                static_cast<unsigned long long>(s.spool.peak_rows), s.cost_per_month_per_1000_users);
    for (const GroupOutcome& g : s.by_recipient_mix)
      if (g.counts.sent > 0)
        std::printf("    %-40s sent %8llu lost %7.4f%%\n", g.label.c_str(),
                    static_cast<unsigned long long>(g.counts.sent), 100.0 * g.counts.loss_rate());
  }
}

}  // namespace
}  // namespace spoolsim::testing

// R9.1 spool TTL, R11 storage accounting and cost, R10 ledger details.
#include <gtest/gtest.h>

#include "models/outcomes/ledger.hpp"
#include "models/outcomes/storage.hpp"
#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

TEST(ServerExpiry, R9_1_SpoolEntriesExpireAfterTtl) {
  Scenario sc = rules_scenario();
  sc.server.offline.ttl = hours(1);
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const MessageId old = s.send(hours(1), a, b, SendDraws{800});
  const MessageId fresh = s.send(hours(1) + minutes(30), a, b, SendDraws{800});
  s.connect(hours(2) + minutes(10), s.device(b));
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, old).kind, FateKind::Lost);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, old).cause, LossCause::ExpiredSpool);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, fresh).kind, FateKind::Delivered);
  // The integral counts the expired row up to its expiry time (1h), the
  // flushed one for 40 minutes: (1000 B x 60 min + 1000 B x 40 min) / 1 day.
  const StorageStats spool = s.replica(StrategyKind::Deliver).result().spool;
  EXPECT_NEAR(spool.byte_days, 1000.0 * 100.0 / (24.0 * 60.0), 1e-9);
  EXPECT_EQ(spool.rows_written, 2u);
  EXPECT_EQ(spool.rows_deleted, 2u);
  EXPECT_EQ(spool.peak_rows, 2u);
}

TEST(ServerStorage, R11_1_MeterCountsOnlyTheWindow) {
  StorageMeter m(hours(10), hours(20));
  m.change(hours(5), 3, 300);     // before the window: level holds into it
  m.op(hours(5), StoreOp::Insert);
  m.change(hours(15), -1, -100);  // inside
  m.op(hours(15), StoreOp::Pop);
  m.change(hours(25), 10, 1000);  // after: not counted
  const StorageStats s = m.stats();
  EXPECT_EQ(s.peak_rows, 3u);
  EXPECT_EQ(s.peak_bytes, 300u);
  EXPECT_EQ(s.rows_written, 0u);
  EXPECT_EQ(s.rows_deleted, 1u);
  EXPECT_EQ(s.ops[static_cast<int>(StoreOp::Insert)], 0u);
  EXPECT_EQ(s.ops[static_cast<int>(StoreOp::Pop)], 1u);
  EXPECT_DOUBLE_EQ(s.mean_rows, (3.0 * 5 + 2.0 * 5) / 10.0);
  EXPECT_DOUBLE_EQ(s.byte_days, (300.0 * 5 + 200.0 * 5) / 24.0);
}

TEST(ServerStorage, R11_2_CostPerMonthPer1000Users) {
  StorageStats spool, archive;
  spool.byte_days = 10 * 2e9;  // 2 GB held for the 10-day window
  archive.byte_days = 10 * 1e9;
  spool.ops[0] = 500'000;  // 0.5 M ops in 10 days = 1.5 M per month
  archive.ops[4] = 500'000;
  Prices p;
  p.storage_per_gb_month = 0.10;
  p.per_million_operations = 0.20;
  const double cost = monthly_cost_per_1000_users(spool, archive, p, 10 * sim::kDay, 2000);
  // (3 GB x 0.10 + 3 M ops x 0.20) / 2 (thousand users)
  EXPECT_NEAR(cost, (3 * 0.10 + 3 * 0.20) / 2.0, 1e-12);
}

TEST(ServerLedger, R10_4_MessagesStillHeldAtTheHorizonArePending) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const MessageId m = s.send(hours(1), a, b);
  s.finish();
  for (StrategyKind k : {StrategyKind::Deliver, StrategyKind::PurgeAll}) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Pending);
    const OutcomeCounts o = s.replica(k).result().outcomes;
    EXPECT_EQ(o.sent, 1u);
    EXPECT_EQ(o.pending, 1u);
    EXPECT_TRUE(o.consistent());
  }
}

TEST(ServerLedger, R10_1_LatencyAndBreakdowns) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv});
  const UserId c = s.add_user({kGajim});
  s.build();
  s.send(hours(1), a, b);
  s.send(hours(1), a, c);
  s.connect(hours(3), s.device(b));
  s.connect(hours(4), s.device(c));
  s.finish();
  const StrategyResult r = s.replica(StrategyKind::PurgeAll).result();
  EXPECT_EQ(r.outcomes.sent, 2u);
  EXPECT_EQ(r.outcomes.delivered, 1u);
  EXPECT_EQ(r.outcomes.lost, 1u);
  EXPECT_EQ(r.latency_us.count(), 1u);
  EXPECT_NEAR(static_cast<double>(r.latency_us.quantile(0.5)), static_cast<double>(hours(3)),
              static_cast<double>(hours(3)) * 0.02);
  // By profile of the deciding session and by recipient device mix.
  std::uint64_t conv_lost = 0, gajim_delivered = 0, rows_sent = 0;
  for (const GroupOutcome& g : r.by_profile) {
    rows_sent += g.counts.sent;
    if (g.label == "conversations") conv_lost = g.counts.lost_by_cause[static_cast<int>(LossCause::PurgedOnBind2)];
    if (g.label == "gajim") gajim_delivered = g.counts.delivered;
  }
  EXPECT_EQ(conv_lost, 1u);
  EXPECT_EQ(gajim_delivered, 1u);
  EXPECT_EQ(rows_sent, 2u);
  std::uint64_t mix_sent = 0;
  for (const GroupOutcome& g : r.by_recipient_mix) {
    mix_sent += g.counts.sent;
    if (g.label == "conversations") {
      EXPECT_EQ(g.counts.lost, 1u);
    }
    if (g.label == "gajim") {
      EXPECT_EQ(g.counts.delivered, 1u);
    }
  }
  EXPECT_EQ(mix_sent, 2u);
}

TEST(ServerLedger, R10_1_DeliveredToAllDevicesFailsWhenADeviceReconnectsWithoutIt) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain, kPlain});
  s.build();
  s.connect(hours(1), s.device(b, 0));
  const MessageId m = s.send(hours(2), a, b);  // decided at once: no copy left
  EXPECT_TRUE(s.fate(StrategyKind::Deliver, m).delivered_all_devices);
  s.connect(hours(3), s.device(b, 1));  // connects later, never gets m
  EXPECT_FALSE(s.fate(StrategyKind::Deliver, m).delivered_all_devices);
  s.finish();
  const OutcomeCounts o = s.replica(StrategyKind::Deliver).result().outcomes;
  EXPECT_EQ(o.delivered, 1u);
  EXPECT_EQ(o.delivered_all_devices, 0u);
}

TEST(ServerLedger, R10_1_AConnectEndsOnlyTheWaitsItsDeviceIsMissingFrom) {
  // One user with three devices: groups waiting on devices {1,2} and {2}.
  Ledger ledger(1, 1, 1);
  ledger.delivered(0, 0, 0, 10, 0, false, 0b110);
  ledger.delivered(0, 0, 0, 10, 0, false, 0b100);
  ledger.delivered(0, 0, 0, 10, 0, false, 0b100);
  ledger.device_connected(0, 1);  // ends {1,2}; {2} still waits
  ledger.device_connected(0, 0);  // waited on by no group
  ledger.device_connected(0, 2);  // ends {2}
  ledger.delivered(0, 0, 0, 10, 0, false, 0b010);  // waits on device 1 again
  ledger.finish();
  EXPECT_EQ(ledger.totals().delivered, 4u);
  EXPECT_EQ(ledger.totals().delivered_all_devices, 1u);
}

TEST(ServerStorage, R11_1_AFlushAtTheWindowOpeningKeepsThePeakHeldThen) {
  Scenario sc = rules_scenario();
  sc.warmup = hours(2);
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  s.send(hours(1), a, b);
  s.send(hours(1) + 1, a, b);
  s.send(hours(1) + 2, a, b);
  s.connect(hours(2), s.device(b));  // pops all three at the window's first instant
  s.finish();
  const StorageStats spool = s.replica(StrategyKind::Deliver).result().spool;
  EXPECT_EQ(spool.peak_rows, 3u);
  EXPECT_EQ(spool.rows_written, 0u);  // before the window
  EXPECT_EQ(spool.rows_deleted, 3u);
  EXPECT_EQ(spool.mean_rows, 0.0);
}

TEST(ServerLedger, R10_6_UncountedMessagesAreNotInTheLedger) {
  Scenario sc = rules_scenario();
  sc.warmup = hours(2);
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  s.send(hours(1), a, b);  // warmup
  const MessageId counted = s.send(hours(3), a, b);
  s.connect(hours(4), s.device(b));
  s.finish();
  const OutcomeCounts o = s.replica(StrategyKind::Deliver).result().outcomes;
  EXPECT_EQ(o.sent, 1u);
  EXPECT_EQ(o.delivered, 1u);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, counted).kind, FateKind::Delivered);
  // The warmup message still occupied the spool (from 1h; the window opens at 2h).
  EXPECT_EQ(s.replica(StrategyKind::Deliver).result().spool.peak_rows, 2u);
}

}  // namespace
}  // namespace spoolsim::testing

// R7.3: MAM catch-up, the cursor rule, and the archive-path causes of R10.3.
// Most cases use purge_all with a Bind2 device, so the archive is the only
// path; deliver shows the spool still delivers.
#include <gtest/gtest.h>

#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

struct CatchUpScript {
  explicit CatchUpScript(Scenario sc, ClientProfile device) : s((sc.clients.push_back(device), sc)) {
    a = s.add_user({kPlain});
    b = s.add_user({static_cast<ProfileIndex>(s.scenario().clients.size() - 1)}, MamDefault::Always);
    s.build({StrategyKind::Deliver, StrategyKind::PurgeAll, StrategyKind::PurgeArchived,
             StrategyKind::Deferred});
    d = s.device(b);
  }
  ServerScript s;
  UserId a = 0, b = 0;
  DeviceId d = 0;
};

ClientProfile catchup(std::uint32_t max_messages, CatchupOrder order,
                      sim::Duration max_age = 7 * sim::kDay) {
  ClientProfile p = bind2_profile("limited", true, true);
  p.catchup_max_messages = max_messages;
  p.catchup_order = order;
  p.catchup_max_age = max_age;
  return p;
}

TEST(ServerCatchUp, R7_3_ForwardLimitLeavesTheRestAheadOfTheCursor) {
  Scenario sc = rules_scenario();
  sc.horizon = 2 * sim::kDay;
  CatchUpScript c(sc, catchup(2, CatchupOrder::Forward));
  std::vector<MessageId> m;
  for (int i = 0; i < 5; ++i) m.push_back(c.s.send(hours(1) + i, c.a, c.b));
  c.s.connect(hours(2), c.d);
  c.s.disconnect(hours(3), c.d);
  c.s.connect(hours(4), c.d);  // the next session continues from the cursor
  c.s.finish();
  const StrategyKind k = StrategyKind::PurgeAll;
  EXPECT_EQ(c.s.fate(k, m[0]).first_received, hours(2));
  EXPECT_EQ(c.s.fate(k, m[1]).first_received, hours(2));
  EXPECT_EQ(c.s.fate(k, m[2]).first_received, hours(4));
  EXPECT_EQ(c.s.fate(k, m[3]).first_received, hours(4));
  EXPECT_EQ(c.s.fate(k, m[4]).kind, FateKind::Pending);  // still fetchable (R10.4)
  EXPECT_EQ(c.s.fate(StrategyKind::Deliver, m[4]).kind, FateKind::Delivered);
}

TEST(ServerCatchUp, R7_3_BackwardLimitSkipsOlderEntriesForGood) {
  CatchUpScript c(rules_scenario(), catchup(2, CatchupOrder::Backward));
  std::vector<MessageId> m;
  for (int i = 0; i < 5; ++i) m.push_back(c.s.send(hours(1) + i, c.a, c.b));
  c.s.connect(hours(2), c.d);
  c.s.finish();
  const StrategyKind k = StrategyKind::PurgeAll;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(c.s.fate(k, m[i]).kind, FateKind::Lost);
    EXPECT_EQ(c.s.fate(k, m[i]).cause, LossCause::CatchupLimit);
  }
  EXPECT_EQ(c.s.fate(k, m[3]).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(k, m[4]).kind, FateKind::Delivered);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.s.fate(StrategyKind::Deliver, m[i]).kind, FateKind::Delivered);
  // purge_archived deletes only the two the catch-up fetches; the rest is flushed.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(c.s.fate(StrategyKind::PurgeArchived, m[i]).kind, FateKind::Delivered) << i;
  const StorageStats pa = c.s.replica(StrategyKind::PurgeArchived).result().spool;
  EXPECT_EQ(pa.ops[static_cast<int>(StoreOp::DeleteByPurge)], 1u);
  EXPECT_EQ(pa.rows_deleted, 5u);
}

TEST(ServerCatchUp, R7_3_MaxAgeLeavesOldEntriesBehind) {
  CatchUpScript c(rules_scenario(), catchup(1000, CatchupOrder::Forward, hours(1)));
  const MessageId old = c.s.send(hours(1), c.a, c.b);
  const MessageId young = c.s.send(hours(2) + minutes(30), c.a, c.b);
  c.s.connect(hours(3), c.d);
  c.s.finish();
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, old).kind, FateKind::Lost);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, old).cause, LossCause::CatchupLimit);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, young).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeArchived, old).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::Deferred, old).kind, FateKind::Delivered);
}

TEST(ServerCatchUp, R7_3_ArchiveLagLeavesAGapBehindTheCursor) {
  CatchUpScript c(rules_scenario(), catchup(1000, CatchupOrder::Forward));
  const MessageId lagged = c.s.send(hours(1), c.a, c.b, SendDraws{400, false, false, minutes(10)});
  const MessageId quick = c.s.send(hours(1) + 1, c.a, c.b);
  c.s.connect(hours(1) + minutes(1), c.d);  // lagged not readable yet; quick moves the cursor
  c.s.disconnect(hours(2), c.d);
  c.s.connect(hours(3), c.d);  // lagged is readable now, but behind the cursor
  c.s.finish();
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, lagged).kind, FateKind::Lost);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, lagged).cause, LossCause::CatchupGap);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, quick).kind, FateKind::Delivered);
  // purge_archived keeps what the catch-up will not fetch; deferred flushes it after.
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeArchived, lagged).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::Deferred, lagged).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeArchived, quick).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.replica(StrategyKind::Deferred).result().outcomes.duplicates, 0u);
}

TEST(ServerCatchUp, R9_2_RetentionExpiresArchiveEntries) {
  Scenario sc = rules_scenario();
  sc.server.mam.retention = 1 * sim::kDay;
  CatchUpScript c(sc, catchup(1000, CatchupOrder::Forward));
  const MessageId m = c.s.send(hours(1), c.a, c.b);
  c.s.connect(hours(1) + 2 * sim::kDay, c.d);
  c.s.finish();
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m).kind, FateKind::Lost);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m).cause, LossCause::ExpiredArchive);
  EXPECT_EQ(c.s.fate(StrategyKind::Deliver, m).kind, FateKind::Delivered);
}

TEST(ServerCatchUp, R6_1_ArchiveCapDeletesTheOldestEntryBeforeTheCatchUp) {
  // mam.max_user_messages 2 (Prosody's storage_archive_item_limit): m3's
  // write finds b's archive full and deletes m1 (down to floor(2 * 0.99) =
  // 1 row). The catch-up gets m2 and m3; under purge_all m1's spool copy is
  // purged and its archive entry is gone: lost as expired_archive. deliver
  // still flushes it from the spool.
  Scenario sc = rules_scenario();
  sc.server.mam.max_user_messages = 2;
  CatchUpScript c(sc, catchup(1000, CatchupOrder::Forward));
  const MessageId m1 = c.s.send(hours(1), c.a, c.b);
  const MessageId m2 = c.s.send(hours(2), c.a, c.b);
  const MessageId m3 = c.s.send(hours(3), c.a, c.b);
  c.s.connect(hours(4), c.d);
  ASSERT_EQ(c.s.replica(StrategyKind::PurgeAll).last_catch_up().size(), 2u);
  EXPECT_EQ(c.s.replica(StrategyKind::PurgeAll).last_catch_up()[0], m2);
  c.s.finish();
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m1).kind, FateKind::Lost);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m1).cause, LossCause::ExpiredArchive);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m2).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m3).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::Deliver, m1).kind, FateKind::Delivered);
}

TEST(ServerCatchUp, R10_3_AnEntryTheCapDeletesIsLostWhenItWasTheLastCopy) {
  // Offline storage off: the archive is the only copy (R6.4, no bounce). The
  // cap's deletion at m3's send decides m1 at once, before any login.
  Scenario sc = rules_scenario();
  sc.server.mam.max_user_messages = 2;
  sc.server.offline.enabled = false;
  CatchUpScript c(sc, catchup(1000, CatchupOrder::Forward));
  const MessageId m1 = c.s.send(hours(1), c.a, c.b);
  c.s.send(hours(2), c.a, c.b);
  EXPECT_EQ(c.s.replica(StrategyKind::Deliver).live(hours(2)).so_far.lost, 0u);
  c.s.send(hours(3), c.a, c.b);
  EXPECT_EQ(c.s.replica(StrategyKind::Deliver).live(hours(3)).so_far.lost, 1u);
  c.s.connect(hours(4), c.d);
  c.s.finish();
  for (const StrategyKind k : {StrategyKind::Deliver, StrategyKind::PurgeAll}) {
    EXPECT_EQ(c.s.fate(k, m1).kind, FateKind::Lost);
    EXPECT_EQ(c.s.fate(k, m1).cause, LossCause::ExpiredArchive);
    EXPECT_EQ(c.s.replica(k).result().outcomes.delivered, 2u);
  }
}

TEST(ServerCatchUp, R6_1_ArchiveFailureLeavesNoEntry) {
  CatchUpScript c(rules_scenario(), catchup(1000, CatchupOrder::Forward));
  const MessageId m = c.s.send(hours(1), c.a, c.b, SendDraws{400, false, /*archive_failed=*/true});
  c.s.connect(hours(2), c.d);
  c.s.finish();
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m).kind, FateKind::Lost);
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeAll, m).cause, LossCause::ArchiveFailure);
  // purge_archived: the catch-up will not fetch it, so it stays and is flushed.
  EXPECT_EQ(c.s.fate(StrategyKind::PurgeArchived, m).kind, FateKind::Delivered);
  EXPECT_EQ(c.s.fate(StrategyKind::Deliver, m).kind, FateKind::Delivered);
}

TEST(ServerCatchUp, R7_3_CursorMovedByAnotherPathLeavesAGap) {
  // Device 0 catches up; device 1 (no catch-up) receives m1 online. While
  // both are away m2 is spooled; device 0's flush of m2 moves its cursor past m1.
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim, kPlain}, MamDefault::Always);
  s.build();
  const DeviceId d0 = s.device(b, 0);
  const DeviceId d1 = s.device(b, 1);
  s.connect(hours(1), d1);
  const MessageId m1 = s.send(hours(2), a, b);
  s.disconnect(hours(3), d1);
  const MessageId m2 = s.send(hours(4), a, b);
  s.connect(hours(5), d0);
  s.finish();
  const StrategyKind k = StrategyKind::Deliver;
  EXPECT_EQ(s.fate(k, m1).kind, FateKind::Delivered);
  EXPECT_FALSE(s.fate(k, m1).delivered_all_devices);  // device 0 connected later, never got it
  EXPECT_EQ(s.fate(k, m2).kind, FateKind::Delivered);
  EXPECT_TRUE(s.fate(k, m2).delivered_all_devices);  // device 1 never connected after m2
  EXPECT_EQ(s.replica(k).cursor_end(d0), m2 + 1u);
}

TEST(ServerCatchUp, R7_3_SessionStartCursorFetchesFlushedEntriesAgain) {
  // As R7_3_CursorMovedByAnotherPathLeavesAGap, with the catch-up device
  // starting where it stood at session start (Monal, Gajim, Dino): the flush
  // of m2 cannot carry its cursor past m1, and the catch-up repeats m2.
  Scenario sc = rules_scenario();
  ClientProfile p = sasl1_profile("from_start", true, true);
  p.catchup_from = CatchupFrom::SessionStart;
  sc.clients.push_back(p);
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({static_cast<ProfileIndex>(sc.clients.size() - 1), kPlain}, MamDefault::Always);
  s.build({StrategyKind::Deliver});
  const DeviceId d0 = s.device(b, 0);
  const DeviceId d1 = s.device(b, 1);
  s.connect(hours(1), d1);
  const MessageId m1 = s.send(hours(2), a, b);
  s.disconnect(hours(3), d1);
  const MessageId m2 = s.send(hours(4), a, b);
  s.connect(hours(5), d0);
  s.finish();
  const StrategyKind k = StrategyKind::Deliver;
  EXPECT_EQ(s.fate(k, m1).kind, FateKind::Delivered);
  EXPECT_TRUE(s.fate(k, m1).delivered_all_devices) << "device 0 fetched it: no gap";
  EXPECT_EQ(s.fate(k, m1).duplicates, 0u);
  EXPECT_EQ(s.fate(k, m2).duplicates, 1u) << "catch-up and flush both returned it (R10.5)";
  EXPECT_EQ(s.replica(k).result().outcomes.duplicates, 1u);
  EXPECT_EQ(s.replica(k).cursor_end(d0), m2 + 1u);
}

TEST(ServerCatchUp, R10_3_DeviceThatLostAccessLastDecides) {
  // Two catch-up devices: one's cursor passes m by a gap at 3h; the other
  // just ages out at sent + 1h: the gap came later, so it decides.
  Scenario sc = rules_scenario();
  ClientProfile shortage = bind2_profile("short_age", true, true);
  shortage.catchup_max_age = hours(1);
  sc.clients.push_back(shortage);
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv, static_cast<ProfileIndex>(sc.clients.size() - 1)},
                              MamDefault::Always);
  s.build({StrategyKind::PurgeAll});
  const MessageId m = s.send(hours(1), a, b, SendDraws{400, false, false, hours(5)});
  const MessageId n = s.send(hours(1) + 1, a, b);
  s.connect(hours(3), s.device(b, 0));  // purge; fetches n, passes unreadable m
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, n).kind, FateKind::Delivered);
  const MessageFate f = s.fate(StrategyKind::PurgeAll, m);
  EXPECT_EQ(f.kind, FateKind::Lost);
  EXPECT_EQ(f.cause, LossCause::CatchupGap);
  EXPECT_EQ(f.decider, s.device(b, 0));
}

}  // namespace
}  // namespace spoolsim::testing

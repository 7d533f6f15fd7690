// R8: each Bind2 offline strategy's decisions on the spool.
#include <gtest/gtest.h>

#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

TEST(ServerStrategies, R8_PurgeAllDeletesTheSpoolOfABind2Device) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv});
  s.build();
  const MessageId m = s.send(hours(1), a, b);
  s.connect(hours(2), s.device(b));
  s.finish();
  const MessageFate f = s.fate(StrategyKind::PurgeAll, m);
  EXPECT_EQ(f.kind, FateKind::Lost);
  EXPECT_EQ(f.cause, LossCause::PurgedOnBind2);
  EXPECT_EQ(f.decider, s.device(b));
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).kind, FateKind::Delivered);
  const StorageStats spool = s.replica(StrategyKind::PurgeAll).result().spool;
  EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::DeleteByPurge)], 1u);
  EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::Pop)], 1u);  // the presence still pops (nothing)
  // MAM never: the others behave as deliver.
  for (StrategyKind k : {StrategyKind::PurgeIfArchiving, StrategyKind::PurgeArchived, StrategyKind::Deferred})
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Delivered) << to_string(k);
}

TEST(ServerStrategies, R8_PurgeIfArchivingWithRosterDefaultLosesStrangersOnly) {
  ServerScript s(rules_scenario());
  const UserId friend_ = s.add_user({kPlain});
  const UserId stranger = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Roster);
  s.contact(friend_, b);
  s.build();
  const MessageId from_friend = s.send(hours(1), friend_, b);
  const MessageId from_stranger = s.send(hours(1), stranger, b);
  s.connect(hours(2), s.device(b));
  s.finish();
  const StrategyKind k = StrategyKind::PurgeIfArchiving;
  EXPECT_EQ(s.fate(k, from_friend).kind, FateKind::Delivered);  // through catch-up
  EXPECT_EQ(s.fate(k, from_stranger).kind, FateKind::Lost);
  EXPECT_EQ(s.fate(k, from_stranger).cause, LossCause::PurgedOnBind2);
  // purge_archived and deferred keep the stranger's message.
  EXPECT_EQ(s.fate(StrategyKind::PurgeArchived, from_stranger).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::Deferred, from_stranger).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::Deferred, from_friend).kind, FateKind::Delivered);
}

TEST(ServerStrategies, R8_PurgeIfArchivingLooksOnlyAtTheEffectiveDefault) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Never);
  const UserId c = s.add_user({kConv}, MamDefault::Always);
  s.contact(a, b);
  s.contact(a, c);
  s.build();
  s.world().set_archive_pref(b, a, ArchivePref::Always);  // archived despite default never
  s.world().set_archive_pref(c, a, ArchivePref::Never);   // not archived despite default always
  const MessageId to_b = s.send(hours(1), a, b);
  const MessageId to_c = s.send(hours(1), a, c);
  EXPECT_TRUE(s.world().message(to_b).archived());
  EXPECT_FALSE(s.world().message(to_c).archived());
  s.connect(hours(2), s.device(b));
  s.connect(hours(2), s.device(c));
  s.finish();
  const StrategyKind k = StrategyKind::PurgeIfArchiving;
  EXPECT_EQ(s.fate(k, to_b).kind, FateKind::Delivered);  // default never: spool kept, flushed
  EXPECT_EQ(s.fate(k, to_c).kind, FateKind::Lost);       // default always: purged, not archived
  EXPECT_EQ(s.fate(k, to_c).cause, LossCause::PurgedOnBind2);
}

TEST(ServerStrategies, R8_PurgeIfArchivingNeverPurgesWhenMamIsOff) {
  Scenario sc = rules_scenario();
  sc.server.mam.enabled = false;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Always);
  s.build();
  const MessageId m = s.send(hours(1), a, b);
  s.connect(hours(2), s.device(b));
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::PurgeIfArchiving, m).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m).kind, FateKind::Lost);
}

TEST(ServerStrategies, R8_PurgeArchivedDeletesOnlyWhatThisCatchUpFetches) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv, kBind2NoCatch}, MamDefault::Always);
  s.build();
  const MessageId archived = s.send(hours(1), a, b);
  const MessageId failed = s.send(hours(1) + 1, a, b, SendDraws{400, false, true});
  // The device without catch-up binds first: purge_archived deletes nothing.
  s.connect(hours(2), s.device(b, 1));
  s.disconnect(hours(3), s.device(b, 1));
  const MessageId later_archived = s.send(hours(4), a, b);
  const MessageId later_failed = s.send(hours(4) + 1, a, b, SendDraws{400, false, true});
  s.connect(hours(5), s.device(b, 0));
  s.finish();
  const StrategyKind k = StrategyKind::PurgeArchived;
  EXPECT_EQ(s.fate(k, archived).first_received, hours(2));
  EXPECT_EQ(s.fate(k, failed).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(k, later_archived).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(k, later_failed).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(k, later_failed).first_received, hours(5));
  const StorageStats spool = s.replica(k).result().spool;
  EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::DeleteByPurge)], 1u);
  // purge_all loses the failed archive write for good.
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, later_failed).kind, FateKind::Lost);
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, later_failed).cause, LossCause::ArchiveFailure);
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, later_archived).kind, FateKind::Delivered);
}

// purge_archived keeps a planned entry below the newest archived entry it
// leaves (the flush would carry the cursor past it), unless the catch-up runs
// before the flush (R7.2, catchup_from session_start): then it deletes the plan.
TEST(ServerStrategies, R8_PurgeArchivedDeletesTheWholePlanWhenTheCatchUpGoesFirst) {
  for (const CatchupFrom from : {CatchupFrom::NewestReceived, CatchupFrom::SessionStart}) {
    Scenario sc = rules_scenario();
    sc.clients[kConv].catchup_max_messages = 1;  // plan: the oldest entry only
    sc.clients[kConv].catchup_from = from;
    ServerScript s(sc);
    const UserId a = s.add_user({kPlain});
    const UserId b = s.add_user({kConv}, MamDefault::Always);
    s.build({StrategyKind::PurgeArchived});
    const MessageId m1 = s.send(hours(1), a, b);
    const MessageId m2 = s.send(hours(1) + 1, a, b);
    s.connect(hours(2), s.device(b));
    s.finish();
    const bool first = from == CatchupFrom::SessionStart;
    const StorageStats spool = s.replica(StrategyKind::PurgeArchived).result().spool;
    EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::DeleteByPurge)], first ? 1u : 0u) << to_string(from);
    for (const MessageId m : {m1, m2}) {
      EXPECT_EQ(s.fate(StrategyKind::PurgeArchived, m).kind, FateKind::Delivered) << to_string(from);
      EXPECT_EQ(s.fate(StrategyKind::PurgeArchived, m).duplicates, 0u) << to_string(from);
    }
  }
}

TEST(ServerStrategies, R8_DeferredDeliversAfterCatchUpWithoutDuplicates) {
  Scenario sc = rules_scenario();
  sc.clients[kConv].catchup_max_messages = 1;  // forward: only the oldest comes from the archive
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Always);
  s.build();
  const MessageId m1 = s.send(hours(1), a, b);
  const MessageId m2 = s.send(hours(1) + 1, a, b);
  const MessageId m3 = s.send(hours(1) + 2, a, b, SendDraws{400, false, true});
  s.connect(hours(2), s.device(b));
  s.finish();
  const StrategyKind k = StrategyKind::Deferred;
  for (MessageId m : {m1, m2, m3}) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, m).duplicates, 0u);
  }
  const StrategyResult r = s.replica(k).result();
  EXPECT_EQ(r.spool.ops[static_cast<int>(StoreOp::DeleteByPurge)], 1u);  // m1, received via catch-up
  EXPECT_EQ(r.spool.ops[static_cast<int>(StoreOp::Pop)], 1u);            // m2, m3 flushed after
  EXPECT_EQ(r.spool.rows_deleted, 3u);
  // purge_all: m1 from the archive; m2 stays ahead of the cursor until it
  // passes the 7-day max age before the horizon (catchup_limit); m3 lost.
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m2).kind, FateKind::Lost);
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m2).cause, LossCause::CatchupLimit);
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m3).cause, LossCause::ArchiveFailure);
}

TEST(ServerStrategies, R8_DeferredWithoutCatchUpFlushesAtOnce) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kBind2NoCatch}, MamDefault::Always);
  s.build();
  const MessageId m = s.send(hours(1), a, b);
  s.connect(hours(2), s.device(b));
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deferred, m).first_received, hours(2));
  EXPECT_EQ(s.replica(StrategyKind::Deferred).result().spool.ops[static_cast<int>(StoreOp::DeleteByPurge)], 0u);
}

TEST(ServerStrategies, R8_StrategiesDoNotChangeSessions) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv, kGajim}, MamDefault::Roster);
  s.build();
  s.send(hours(1), a, b);
  s.connect(hours(2), s.device(b, 0));
  s.disconnect(hours(3), s.device(b, 0), true);
  s.send(hours(3) + 1, a, b);
  s.connect(hours(4), s.device(b, 1));
  for (DeviceId d : {s.device(b, 0), s.device(b, 1)}) {
    const Session ref = s.replica(StrategyKind::Deliver).session(d);
    for (StrategyKind k : {StrategyKind::PurgeAll, StrategyKind::PurgeIfArchiving,
                           StrategyKind::PurgeArchived, StrategyKind::Deferred}) {
      EXPECT_EQ(s.replica(k).session(d).state, ref.state);
      EXPECT_EQ(s.replica(k).session(d).connection, ref.connection);
      EXPECT_EQ(s.replica(k).queue_size(d), s.replica(StrategyKind::Deliver).queue_size(d));
    }
  }
  s.finish();
}

}  // namespace
}  // namespace spoolsim::testing

// R6: routing a message to available sessions or offline.
#include <gtest/gtest.h>

#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

TEST(ServerRouting, R6_3_OnlineSessionReceivesAtSendTime) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv, kPlain});
  s.build();
  s.connect(hours(1), s.device(b, 0));
  const MessageId m = s.send(hours(2), a, b);
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    const MessageFate f = s.fate(k, m);
    EXPECT_EQ(f.kind, FateKind::Delivered) << to_string(k);
    EXPECT_EQ(f.first_received, hours(2));
    EXPECT_EQ(f.decider, s.device(b, 0));
    // slot 1 never connected after the send: it does not count (R10.1).
    EXPECT_TRUE(f.delivered_all_devices);
    EXPECT_EQ(s.replica(k).spool_size(b), 0u);
  }
}

TEST(ServerRouting, R6_3_ZombieWithoutStreamManagementLosesTheMessage) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, /*abrupt=*/true);
  const MessageId m = s.send(hours(3), a, b);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::Zombie);
  s.detect(hours(4), d);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::None);
  const MessageId later = s.send(hours(5), a, b);  // spooled now
  s.connect(hours(6), d);
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Lost) << to_string(k);
    EXPECT_EQ(s.fate(k, m).cause, LossCause::ZombieNoSm);
    EXPECT_EQ(s.fate(k, m).decider, d);
    EXPECT_EQ(s.fate(k, later).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, later).first_received, hours(6));
  }
}

TEST(ServerRouting, R6_3_ZombieWithStreamManagementQueues) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  const MessageId m = s.send(hours(3), a, b);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).queue_size(d), 1u);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).spool_size(b), 0u);
  s.connect(hours(3) + minutes(1), d);  // R7.1: resumes the zombie
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, m).first_received, hours(3) + minutes(1));
  }
}

TEST(ServerRouting, R6_4_OfflineMessageIsSpooledAndFlushed) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const MessageId m = s.send(hours(1), a, b, SendDraws{500});
  EXPECT_EQ(s.replica(StrategyKind::Deliver).spool_size(b), 1u);
  s.connect(hours(3), s.device(b));
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, m).first_received, hours(3));
    const StorageStats spool = s.replica(k).result().spool;
    EXPECT_EQ(spool.rows_written, 1u);
    EXPECT_EQ(spool.rows_deleted, 1u);
    EXPECT_EQ(spool.peak_bytes, 500u + 200u);  // size + row overhead
    EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::Insert)], 1u);
    EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::Pop)], 1u);
    EXPECT_EQ(spool.ops[static_cast<int>(StoreOp::Count)], 0u);  // unlimited: never counted
  }
}

TEST(ServerRouting, R6_4_FullSpoolBounces) {
  Scenario sc = rules_scenario();
  sc.server.offline.max_user_messages = 2;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const MessageId m1 = s.send(hours(1), a, b);
  const MessageId m2 = s.send(hours(1), a, b);
  const MessageId m3 = s.send(hours(1), a, b);
  s.connect(hours(2), s.device(b));
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m1).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, m2).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, m3).kind, FateKind::Bounced);
    EXPECT_EQ(s.fate(k, m3).bounce, BounceReason::SpoolFull);
    const StrategyResult r = s.replica(k).result();
    EXPECT_EQ(r.spool.ops[static_cast<int>(StoreOp::Count)], 3u);  // one per limit check
    EXPECT_EQ(r.outcomes.bounced_by_reason[static_cast<int>(BounceReason::SpoolFull)], 1u);
  }
}

// Prosody (full_store_bounces_archived false): a full store refuses an
// archived message without an error, as with no store at all; a legacy
// catch-up after the flush still gets it, a user without one loses it
// (not_spooled). Unarchived messages still bounce. Under the old rule the
// archived m3 bounced spool_full. Conformance case archive-item-limit.
TEST(ServerRouting, R6_4_FullStoreRefusesAnArchivedMessageSilentlyWhereTheArchiveHandlesIt) {
  Scenario sc = rules_scenario();
  sc.server.offline.max_user_messages = 2;
  sc.server.offline.full_store_bounces_archived = false;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim}, MamDefault::Always);   // catches up after the flush
  const UserId c = s.add_user({kPlain}, MamDefault::Always);   // no catch-up
  const UserId n = s.add_user({kPlain}, MamDefault::Never);    // nothing archived
  s.build();
  std::vector<MessageId> to_b, to_c, to_n;
  for (int i = 0; i < 3; ++i) {
    to_b.push_back(s.send(hours(1), a, b));
    to_c.push_back(s.send(hours(1), a, c));
    to_n.push_back(s.send(hours(1), a, n));
  }
  s.connect(hours(2), s.device(b));
  s.connect(hours(2), s.device(c));
  s.connect(hours(2), s.device(n));
  s.finish();
  const MessageFate b3 = s.fate(StrategyKind::Deliver, to_b[2]);
  EXPECT_EQ(b3.kind, FateKind::Delivered);
  EXPECT_EQ(b3.first_received, hours(2));
  const MessageFate c3 = s.fate(StrategyKind::Deliver, to_c[2]);
  EXPECT_EQ(c3.kind, FateKind::Lost);
  EXPECT_EQ(c3.cause, LossCause::NotSpooled);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, to_n[2]).kind, FateKind::Bounced);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, to_n[2]).bounce, BounceReason::SpoolFull);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(s.fate(StrategyKind::Deliver, to_c[i]).kind, FateKind::Delivered);
}

TEST(ServerRouting, R6_4_BouncedMessageDeliveredThroughArchiveCountsDelivered) {
  Scenario sc = rules_scenario();
  sc.server.offline.max_user_messages = 1;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim}, MamDefault::Always);
  s.build();
  const MessageId m1 = s.send(hours(1), a, b);
  const MessageId m2 = s.send(hours(1), a, b);  // spool full, but archived
  s.connect(hours(2), s.device(b));
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m1).kind, FateKind::Delivered);
    EXPECT_EQ(s.fate(k, m2).kind, FateKind::Delivered) << "R10.1: any path, even if a copy bounced";
    EXPECT_EQ(s.replica(k).result().outcomes.bounced, 0u);
  }
}

TEST(ServerRouting, R6_4_OfflineDisabledBounces) {
  Scenario sc = rules_scenario();
  sc.server.offline.enabled = false;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});  // server default never: not archived
  s.build();
  const MessageId m = s.send(hours(1), a, b);
  const MessageId failed = s.send(hours(1), a, b, SendDraws{400, false, /*archive_failed=*/true});
  s.connect(hours(2), s.device(b));
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Bounced);
    EXPECT_EQ(s.fate(k, m).bounce, BounceReason::OfflineDisabled);
    EXPECT_EQ(s.fate(k, failed).kind, FateKind::Bounced);
  }
}

// Conformance case offline-disabled (both servers): an archived message is
// handled by the archive, so no error; without a catch-up device it is lost.
TEST(ServerRouting, R6_4_OfflineDisabledArchivedMessageDoesNotBounce) {
  Scenario sc = rules_scenario();
  sc.server.offline.enabled = false;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain}, MamDefault::Always);
  const UserId c = s.add_user({kGajim}, MamDefault::Always);  // catches up
  s.build();
  const MessageId to_b = s.send(hours(1), a, b);
  const MessageId to_c = s.send(hours(1), a, c);
  s.connect(hours(2), s.device(b));
  s.connect(hours(2), s.device(c));
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, to_b).kind, FateKind::Lost) << to_string(k);
    EXPECT_EQ(s.fate(k, to_b).cause, LossCause::NotSpooled);
    EXPECT_EQ(s.fate(k, to_c).kind, FateKind::Delivered) << "through the catch-up";
    EXPECT_EQ(s.fate(k, to_c).first_received, hours(2));
    EXPECT_EQ(s.replica(k).result().outcomes.bounced, 0u);
    EXPECT_EQ(s.replica(k).spool_size(b), 0u);
  }
}

TEST(ServerRouting, R6_4_NoStoreMessageBounces) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const MessageId m = s.send(hours(1), a, b, SendDraws{400, /*no_store=*/true});
  s.connect(hours(2), s.device(b));
  const MessageId online = s.send(hours(3), a, b, SendDraws{400, true});
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Bounced);
    EXPECT_EQ(s.fate(k, m).bounce, BounceReason::NoStore);
    EXPECT_EQ(s.fate(k, online).kind, FateKind::Delivered);  // R4.4 only matters offline
  }
}

// Conformance case no-store-hint on Prosody: its mod_offline checks no hints.
TEST(ServerRouting, R6_4_NoStoreMessageIsSpooledWhereTheHintIsIgnored) {
  Scenario sc = rules_scenario();
  sc.server.offline.honour_no_store = false;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain}, MamDefault::Always);
  s.build();
  const MessageId m = s.send(hours(1), a, b, SendDraws{400, /*no_store=*/true});
  EXPECT_EQ(s.replica(StrategyKind::Deliver).spool_size(b), 1u);
  EXPECT_TRUE(s.world().archive_of(b).empty()) << "R4.4: never archived";
  s.connect(hours(2), s.device(b));
  s.finish();
  for (StrategyKind k : kAllStrategies) {
    EXPECT_EQ(s.fate(k, m).kind, FateKind::Delivered) << to_string(k);
    EXPECT_EQ(s.fate(k, m).first_received, hours(2)) << "the legacy flush";
    EXPECT_EQ(s.replica(k).result().outcomes.bounced, 0u);
  }
}

TEST(ServerRouting, R6_4_UseMamForStorageStoresPointerRowsForArchivedMessages) {
  Scenario sc = rules_scenario();
  sc.server.offline.use_mam_for_storage = true;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain}, MamDefault::Always);
  s.build();
  s.send(hours(1), a, b, SendDraws{400});  // archived: pointer row
  s.send(hours(1), a, b, SendDraws{400, false, /*archive_failed=*/true});  // full row
  s.connect(hours(2), s.device(b));
  s.finish();
  const StorageStats spool = s.replica(StrategyKind::Deliver).result().spool;
  EXPECT_EQ(spool.peak_rows, 2u);
  EXPECT_EQ(spool.peak_bytes, 200u + (400u + 200u));
  // one hour at 800 bytes
  EXPECT_NEAR(spool.byte_days, 800.0 / 24.0, 1e-9);
}

}  // namespace
}  // namespace spoolsim::testing

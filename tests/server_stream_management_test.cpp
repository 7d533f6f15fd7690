// R7.5: session termination with unacked messages, max_ack_queue.
#include <gtest/gtest.h>

#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

// R has device 0 (gajim-like without catch-up: SM) that goes pending with
// one queued message, and optionally device 1 online at the timeout.
struct PendingCase {
  ResendOnTimeout resend = ResendOnTimeout::False;
  bool other_online = false;
  MamDefault mam = MamDefault::Never;
  bool bounce_if_other_session = false;
};

struct PendingResult {
  MessageFate fate;
  std::uint32_t spool = 0;
  std::uint64_t duplicates = 0;
};

PendingResult run_pending(const PendingCase& c, StrategyKind k = StrategyKind::Deliver) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.resend_on_timeout = c.resend;
  sc.server.stream_management.bounce_if_other_session = c.bounce_if_other_session;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kNegative, kPlain}, c.mam);
  s.build();
  const DeviceId d0 = s.device(b, 0);
  const DeviceId d1 = s.device(b, 1);
  s.connect(hours(1), d0);
  s.disconnect(hours(2), d0, true);
  s.detect(hours(2) + minutes(1), d0);
  const MessageId m = s.send(hours(2) + minutes(2), a, b);
  if (c.other_online) s.connect(hours(2) + minutes(3), d1);
  s.resume_expire(hours(2) + minutes(6), d0);
  PendingResult out;
  out.spool = s.replica(k).spool_size(b);
  if (!c.other_online) s.connect(hours(5), d1);  // a flushing device comes later
  s.finish();
  out.fate = s.fate(k, m);
  out.duplicates = s.replica(k).result().outcomes.duplicates;
  return out;
}

TEST(ServerStreamManagement, R7_5_ResendFalseBouncesWhatIsNotArchived) {
  const PendingResult r = run_pending({ResendOnTimeout::False, false, MamDefault::Never});
  EXPECT_EQ(r.fate.kind, FateKind::Bounced);
  EXPECT_EQ(r.fate.bounce, BounceReason::UnackedNotArchived);
  EXPECT_EQ(r.spool, 0u);
}

TEST(ServerStreamManagement, R7_5_ResendFalseDropsWhatIsArchived) {
  // R has no catch-up device, so the session copy decides the cause.
  const PendingResult r = run_pending({ResendOnTimeout::False, false, MamDefault::Always});
  EXPECT_EQ(r.fate.kind, FateKind::Lost);
  EXPECT_EQ(r.fate.cause, LossCause::DroppedUnacked);
}

TEST(ServerStreamManagement, R7_5_ResendTrueRoutesAgainToTheSpool) {
  const PendingResult r = run_pending({ResendOnTimeout::True, false, MamDefault::Never});
  EXPECT_EQ(r.spool, 1u);
  EXPECT_EQ(r.fate.kind, FateKind::Delivered);
  EXPECT_EQ(r.fate.first_received, hours(5));
}

TEST(ServerStreamManagement, R7_5_ResendTrueRoutesAgainToAnotherSession) {
  const PendingResult r = run_pending({ResendOnTimeout::True, true, MamDefault::Never});
  EXPECT_EQ(r.spool, 0u);
  EXPECT_EQ(r.fate.kind, FateKind::Delivered);
  EXPECT_EQ(r.fate.first_received, hours(2) + minutes(6));
}

TEST(ServerStreamManagement, R7_5_IfOfflineActsAsFalseWhenAnotherSessionIsAvailable) {
  const PendingResult r = run_pending({ResendOnTimeout::IfOffline, true, MamDefault::Never});
  EXPECT_EQ(r.fate.kind, FateKind::Bounced);
  EXPECT_EQ(r.fate.bounce, BounceReason::UnackedNotArchived);
}

// R7.5 bounce_if_other_session (Prosody's mod_smacks stores offline only for
// the user's last session, else recipient-unavailable): an archived message
// bounces too, where the old rule dropped it. Conformance case
// orphan-resend-to-online (Prosody).
TEST(ServerStreamManagement, R7_5_IfOfflineBouncesArchivedTooWhereTheServerBouncesForAnotherSession) {
  const PendingResult archived = run_pending({ResendOnTimeout::IfOffline, true, MamDefault::Always, true});
  EXPECT_EQ(archived.fate.kind, FateKind::Bounced);
  EXPECT_EQ(archived.fate.bounce, BounceReason::UnackedOtherSession);
  const PendingResult plain = run_pending({ResendOnTimeout::IfOffline, true, MamDefault::Never, true});
  EXPECT_EQ(plain.fate.kind, FateKind::Bounced);
  EXPECT_EQ(plain.fate.bounce, BounceReason::UnackedOtherSession);
  // The last session still routes its queue to the spool.
  const PendingResult alone = run_pending({ResendOnTimeout::IfOffline, false, MamDefault::Always, true});
  EXPECT_EQ(alone.spool, 1u);
  EXPECT_EQ(alone.fate.kind, FateKind::Delivered);
  // Without the property (ejabberd's if_offline) the archive keeps it.
  const PendingResult dropped = run_pending({ResendOnTimeout::IfOffline, true, MamDefault::Always, false});
  EXPECT_EQ(dropped.fate.kind, FateKind::Lost);
  EXPECT_EQ(dropped.fate.cause, LossCause::DroppedUnacked);
}

// R7.5 resend_while_registered (ejabberd routes the resent queue before the
// session leaves ejabberd_sm; its own copy comes back through
// bounce_message_queue): b's device 0 (gajim-like, priority 0) hibernates with m
// queued; at its timeout device 1 is online and gets m twice, where the old
// rule routed it once. A negative priority, or no other session, routes once.
struct TwiceResult {
  std::uint64_t duplicates = 0;
  std::uint32_t spool = 0;
};
TwiceResult run_resend_twice(bool twice, ProfileIndex ending, bool other_online) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.resend_on_timeout = ResendOnTimeout::True;
  sc.server.stream_management.resend_while_registered = twice;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({ending, kPlain});
  s.build({StrategyKind::Deliver});
  const DeviceId d0 = s.device(b, 0);
  const DeviceId d1 = s.device(b, 1);
  s.connect(hours(1), d0);
  s.disconnect(hours(2), d0, true);
  s.detect(hours(2) + minutes(1), d0);
  const MessageId m = s.send(hours(2) + minutes(2), a, b);
  if (other_online) s.connect(hours(2) + minutes(3), d1);
  s.resume_expire(hours(2) + minutes(6), d0);
  TwiceResult out;
  out.spool = s.replica(StrategyKind::Deliver).spool_size(b);
  s.finish();
  out.duplicates = s.fate(StrategyKind::Deliver, m).duplicates;
  return out;
}

TEST(ServerStreamManagement, R7_5_ResendWhileRegisteredReachesOtherSessionsTwice) {
  EXPECT_EQ(run_resend_twice(true, kGajim, true).duplicates, 1u);
  EXPECT_EQ(run_resend_twice(false, kGajim, true).duplicates, 0u);
  EXPECT_EQ(run_resend_twice(true, kNegative, true).duplicates, 0u);
  const TwiceResult alone = run_resend_twice(true, kGajim, false);
  EXPECT_EQ(alone.spool, 1u);  // its own copy comes back once and goes offline
  EXPECT_EQ(alone.duplicates, 0u);
}

TEST(ServerStreamManagement, R7_5_IfOfflineActsAsTrueWhenNoOtherSession) {
  const PendingResult r = run_pending({ResendOnTimeout::IfOffline, false, MamDefault::Never});
  EXPECT_EQ(r.spool, 1u);
  EXPECT_EQ(r.fate.kind, FateKind::Delivered);
}

TEST(ServerStreamManagement, R7_5_ResentMessageToASessionThatHadItIsADuplicate) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.resend_on_timeout = ResendOnTimeout::True;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim, kPlain});
  s.build();
  const DeviceId d0 = s.device(b, 0);
  s.connect(hours(1), d0);
  s.connect(hours(1), s.device(b, 1));
  s.disconnect(hours(2), d0, true);
  const MessageId m = s.send(hours(2) + minutes(1), a, b);  // device 1 gets it, device 0 queues it
  s.detect(hours(2) + minutes(2), d0);
  s.resume_expire(hours(2) + minutes(7), d0);  // routed again: device 1 receives it twice
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).duplicates, 1u);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).result().outcomes.duplicates, 1u);
}

TEST(ServerStreamManagement, R7_5_QueueBeyondMaxAckQueueTerminatesAtOnce) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.max_ack_queue = 2;
  sc.server.stream_management.resend_on_timeout = ResendOnTimeout::True;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(1), d);
  std::vector<MessageId> queued;
  for (int i = 0; i < 3; ++i) queued.push_back(s.send(hours(2) + minutes(2), a, b));
  Replica& r = s.replica(StrategyKind::Deliver);
  EXPECT_EQ(r.session(d).state, SessionState::None);
  const MessageId after = s.send(hours(2) + minutes(3), a, b);
  EXPECT_EQ(r.spool_size(b), 1u);
  s.connect(hours(3), d);
  s.finish();
  // ejabberd forces resend to false for an overflowing queue (model-notes).
  for (MessageId m : queued) {
    EXPECT_EQ(s.fate(StrategyKind::Deliver, m).kind, FateKind::Bounced);
    EXPECT_EQ(s.fate(StrategyKind::Deliver, m).bounce, BounceReason::UnackedNotArchived);
  }
  EXPECT_EQ(s.fate(StrategyKind::Deliver, after).kind, FateKind::Delivered);
}

// Prosody's ring queue (overflow_drops_oldest): beyond max_ack_queue the
// oldest entry is lost, the session hibernates on but cannot be resumed, and
// the device's next login replaces it: the rest is routed again (if_offline
// acts as true at a replacement) and reaches the new session. Under the old
// rule (termination at once, resend forced false) every queued message was
// bounced. Conformance case ack-queue-overflow (Prosody).
// R7.5 leave_archived_to_mam (Prosody's mod_smacks): b's only device
// catches up (gajim-like: SM, MAM after presence) and hibernates with m
// queued; at the timeout (resend true) an archived m is left to the
// archive, so the next login gets it by catch-up, not from the spool.
struct LeftToArchive {
  std::uint32_t spool_after_timeout = 0;
  MessageFate fate;
  std::size_t fetched = 0;
};
LeftToArchive run_left_to_archive(bool leave, MamDefault mam, ProfileIndex device = kGajim) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.resend_on_timeout = ResendOnTimeout::True;
  sc.server.stream_management.leave_archived_to_mam = leave;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({device}, mam);
  s.build({StrategyKind::Deliver});
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(1), d);
  const MessageId m = s.send(hours(2) + minutes(2), a, b);
  s.resume_expire(hours(2) + minutes(6), d);
  LeftToArchive out;
  out.spool_after_timeout = s.replica(StrategyKind::Deliver).spool_size(b);
  s.connect(hours(5), d);
  out.fetched = s.replica(StrategyKind::Deliver).last_catch_up().size();
  s.finish();
  out.fate = s.fate(StrategyKind::Deliver, m);
  return out;
}

TEST(ServerStreamManagement, R7_5_ASessionThatQueriedMamLeavesArchivedUnackedToTheArchive) {
  const LeftToArchive left = run_left_to_archive(true, MamDefault::Always);
  EXPECT_EQ(left.spool_after_timeout, 0u);
  EXPECT_EQ(left.fetched, 1u);
  EXPECT_EQ(left.fate.kind, FateKind::Delivered);
  EXPECT_EQ(left.fate.first_received, hours(5));
  // Without the property (ejabberd): resend true routes it to the spool.
  const LeftToArchive resent = run_left_to_archive(false, MamDefault::Always);
  EXPECT_EQ(resent.spool_after_timeout, 1u);
  EXPECT_EQ(resent.fetched, 0u);  // the flush moved the cursor past it
  // Unarchived messages, and sessions that never queried MAM, are routed again.
  EXPECT_EQ(run_left_to_archive(true, MamDefault::Never).spool_after_timeout, 1u);
  EXPECT_EQ(run_left_to_archive(true, MamDefault::Always, kNegative).spool_after_timeout, 1u);
}

TEST(ServerStreamManagement, R7_5_RingQueueDropsTheOldestAndCannotResume) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.max_ack_queue = 2;
  sc.server.stream_management.resend_on_timeout = ResendOnTimeout::IfOffline;
  sc.server.stream_management.overflow_drops_oldest = true;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(1), d);
  std::vector<MessageId> queued;
  for (int i = 0; i < 3; ++i) queued.push_back(s.send(hours(2) + minutes(2), a, b));
  Replica& r = s.replica(StrategyKind::Deliver);
  EXPECT_EQ(r.session(d).state, SessionState::Pending);
  EXPECT_FALSE(r.session(d).resumable);
  EXPECT_EQ(r.queue_size(d), 2u);
  s.connect(hours(2) + minutes(3), d);  // a resumption would fail: a new session
  EXPECT_TRUE(r.session(d).resumable);
  EXPECT_EQ(r.queue_size(d), 0u);
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, queued[0]).kind, FateKind::Lost);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, queued[0]).cause, LossCause::DroppedUnacked);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, queued[1]).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, queued[2]).kind, FateKind::Delivered);
}

}  // namespace
}  // namespace spoolsim::testing

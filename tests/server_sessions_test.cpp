// R7.1, R7.2, R7.4: the session state machine.
#include <gtest/gtest.h>

#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

TEST(ServerSessions, R7_1_PendingSessionResumesWithItsQueue) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Always);
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(1), d);
  Replica& r = s.replica(StrategyKind::PurgeAll);
  EXPECT_EQ(r.session(d).state, SessionState::Pending);
  const MessageId m = s.send(hours(2) + minutes(2), a, b);
  EXPECT_EQ(r.queue_size(d), 1u);
  s.connect(hours(2) + minutes(3), d);
  EXPECT_EQ(r.session(d).state, SessionState::Online);
  EXPECT_EQ(r.session(d).connection, 2u);
  EXPECT_EQ(r.queue_size(d), 0u);
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m).first_received, hours(2) + minutes(3));
  // No catch-up on resume (R7.1): the archive is not read a second time.
  EXPECT_EQ(r.result().archive.ops[static_cast<int>(StoreOp::CatchupRead)], 1u);
}

TEST(ServerSessions, R7_1_ZombieWithStreamManagementIsTakenOver) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  const MessageId m = s.send(hours(2) + minutes(1), a, b);
  s.connect(hours(2) + minutes(2), d);  // before the server noticed
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::Online);
  // The old connection's timers are stale now.
  s.timer(hours(3), WorldEventKind::ZombieDetected, d, 1);
  s.timer(hours(4), WorldEventKind::ResumeExpired, d, 1);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::Online);
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).first_received, hours(2) + minutes(2));
}

TEST(ServerSessions, R7_1_NoResumeWithoutStreamManagementOnTheServer) {
  Scenario sc = rules_scenario();
  sc.server.stream_management.enabled = false;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  const MessageId m = s.send(hours(2) + minutes(1), a, b);  // zombie without SM: gone
  s.connect(hours(2) + minutes(2), d);                     // a new session replaces it
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).kind, FateKind::Lost);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).cause, LossCause::ZombieNoSm);
}

TEST(ServerSessions, R7_2_NewSessionReplacesZombieWithoutStreamManagement) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.connect(hours(3), d);  // replacement (R7.2): old zombie terminated
  Replica& r = s.replica(StrategyKind::Deliver);
  EXPECT_EQ(r.session(d).state, SessionState::Online);
  EXPECT_EQ(r.session(d).connection, 2u);
  s.detect(hours(3) + minutes(1), d);  // stale: belongs to connection 1
  EXPECT_EQ(r.session(d).state, SessionState::Online);
  const MessageId m = s.send(hours(4), a, b);
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).first_received, hours(4));
}

TEST(ServerSessions, R7_2_NegativePriorityReceivesButNeverFlushes) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kNegative});
  s.build();
  const DeviceId d = s.device(b);
  const MessageId offline = s.send(hours(1), a, b);
  s.connect(hours(2), d);
  const MessageId online = s.send(hours(3), a, b);
  s.finish();
  EXPECT_EQ(s.replica(StrategyKind::Deliver).spool_size(b), 1u);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, offline).kind, FateKind::Pending);  // R10.4
  EXPECT_EQ(s.fate(StrategyKind::Deliver, online).kind, FateKind::Delivered);
}

TEST(ServerSessions, R7_2_Sasl1NeverRunsTheStrategy) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const MessageId m = s.send(hours(1), a, b);
  s.connect(hours(2), s.device(b));
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::PurgeAll, m).kind, FateKind::Delivered);
}

// A Bind2 catch-up device that queries MAM before its presence, and a legacy
// device without catch-up (conformance case mam-before-presence).
struct MamFirst {
  explicit MamFirst(bool flush_after_mam_query) : s(scenario(flush_after_mam_query)) {
    a = s.add_user({kPlain});
    b = s.add_user({static_cast<ProfileIndex>(s.scenario().clients.size() - 1), kPlain}, MamDefault::Always);
    s.build({StrategyKind::Deliver});
    first = s.device(b, 0);
    legacy = s.device(b, 1);
  }
  static Scenario scenario(bool flush_after_mam_query) {
    Scenario sc = rules_scenario();
    ClientProfile p = bind2_profile("mam_first", true, true);
    p.mam_before_presence = true;
    sc.clients.push_back(p);
    sc.server.offline.flush_after_mam_query = flush_after_mam_query;
    return sc;
  }
  ServerScript s;
  UserId a = 0, b = 0;
  DeviceId first = 0, legacy = 0;
};

TEST(ServerSessions, R7_2_MamBeforePresenceGetsNoFlushWhereTheServerStopsIt) {
  MamFirst x(/*flush_after_mam_query=*/false);  // Prosody
  const MessageId m1 = x.s.send(hours(1), x.a, x.b);
  const MessageId unarchived = x.s.send(hours(1), x.a, x.b, SendDraws{400, false, /*archive_failed=*/true});
  x.s.connect(hours(2), x.first);
  Replica& r = x.s.replica(StrategyKind::Deliver);
  EXPECT_EQ(r.spool_size(x.b), 2u) << "no flush: the spool stays";
  x.s.disconnect(hours(3), x.first);
  x.s.connect(hours(4), x.first);  // queries first again: still no flush
  EXPECT_EQ(r.spool_size(x.b), 2u);
  x.s.connect(hours(5), x.legacy);  // presence without a query: the flush
  EXPECT_EQ(r.spool_size(x.b), 0u);
  x.s.finish();
  const MessageFate f1 = x.s.fate(StrategyKind::Deliver, m1);
  EXPECT_EQ(f1.kind, FateKind::Delivered);
  EXPECT_EQ(f1.first_received, hours(2)) << "through the catch-up";
  EXPECT_EQ(f1.decider, x.first);
  EXPECT_EQ(f1.duplicates, 0u) << "the legacy device had not received it";
  const MessageFate fu = x.s.fate(StrategyKind::Deliver, unarchived);
  EXPECT_EQ(fu.kind, FateKind::Delivered);
  EXPECT_EQ(fu.first_received, hours(5)) << "only the legacy device's flush had it";
  EXPECT_EQ(fu.decider, x.legacy);
}

TEST(ServerSessions, R7_2_MamBeforePresenceThenFlushGivesDuplicates) {
  MamFirst x(/*flush_after_mam_query=*/true);  // ejabberd
  const MessageId m1 = x.s.send(hours(1), x.a, x.b);
  x.s.connect(hours(2), x.first);
  EXPECT_EQ(x.s.replica(StrategyKind::Deliver).spool_size(x.b), 0u);
  x.s.finish();
  const MessageFate f = x.s.fate(StrategyKind::Deliver, m1);
  EXPECT_EQ(f.kind, FateKind::Delivered);
  EXPECT_EQ(f.first_received, hours(2));
  EXPECT_EQ(f.duplicates, 1u) << "catch-up, then the same entry from the flush (R10.5)";
}

TEST(ServerSessions, R7_4_CleanDisconnectEndsTheSession) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, false);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::None);
  s.send(hours(3), a, b);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).spool_size(b), 1u);
  s.finish();
}

TEST(ServerSessions, R7_4_DetectionEndsASessionWithoutStreamManagement) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kPlain});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(10), d);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::None);
  s.send(hours(3), a, b);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).spool_size(b), 1u);
  s.finish();
}

TEST(ServerSessions, R7_4_PendingSessionEndsAtResumeTimeout) {
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kGajim});
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(1), d);
  const MessageId m = s.send(hours(2) + minutes(2), a, b);
  s.resume_expire(hours(2) + minutes(6), d);
  EXPECT_EQ(s.replica(StrategyKind::Deliver).session(d).state, SessionState::None);
  s.connect(hours(3), d);  // a new session: the queue is gone
  s.finish();
  // resend_on_timeout false (module default), not archived: bounced (R7.5).
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).kind, FateKind::Bounced);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).bounce, BounceReason::UnackedNotArchived);
}

}  // namespace
}  // namespace spoolsim::testing

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

// R7.2 (conformance case new-user-agent-each-login, D7): a Bind2 client that
// sends a new user-agent id at each login gets a new resource. Its pending
// session is neither resumed nor replaced: it keeps queueing until its own
// resume_timeout, and then R7.5 applies to it (here resend true: what it
// held is routed again, to the new session, as duplicates). The old rule
// resumed: m at the login by resend, no duplicates.
TEST(ServerSessions, R7_2_NewUserAgentEachLoginLeavesTheOldSessionHibernating) {
  Scenario sc = rules_scenario();
  sc.clients[kConv].new_user_agent_each_login = true;
  sc.server.stream_management.resume_timeout = minutes(5);
  sc.server.stream_management.resend_on_timeout = ResendOnTimeout::True;
  ServerScript s(sc);
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Always);
  s.build();
  const DeviceId d = s.device(b);
  s.connect(hours(1), d);
  s.disconnect(hours(2), d, true);
  s.detect(hours(2) + minutes(1), d);
  const MessageId m = s.send(hours(2) + minutes(2), a, b);
  s.connect(hours(2) + minutes(3), d);  // new resource: a new session, catch-up gets m
  Replica& r = s.replica(StrategyKind::Deliver);
  EXPECT_EQ(r.session(d).state, SessionState::Online);
  EXPECT_TRUE(r.has_orphan(d));
  EXPECT_EQ(r.orphan_queue_size(d), 1u);
  const MessageId m2 = s.send(hours(2) + minutes(4), a, b);  // live, and queued in the orphan
  EXPECT_EQ(r.orphan_queue_size(d), 2u);
  const MessageId m3 = s.send(hours(2) + minutes(10), a, b);  // the orphan ended at 2h06
  EXPECT_FALSE(r.has_orphan(d));
  s.finish();
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).kind, FateKind::Delivered);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).first_received, hours(2) + minutes(3));
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m).duplicates, 1u);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m2).duplicates, 1u);
  EXPECT_EQ(s.fate(StrategyKind::Deliver, m3).duplicates, 0u);
}

}  // namespace
}  // namespace spoolsim::testing

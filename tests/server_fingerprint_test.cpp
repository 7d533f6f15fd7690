// The server fingerprint (issue 12 item 8): one per strategy, folded over
// every change of replica state. It must follow what the server did: a
// different strategy or spool limit on the same world changes it (the world
// fingerprint stays), strategies that act alike share it, and neither the
// thread count nor company changes it.
#include <gtest/gtest.h>

#include <set>

#include "models/outcomes/summary.hpp"
#include "models/simulation.hpp"
#include "support/server_random.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

const StrategyResult& find(const ReplicationResult& r, StrategyKind k) {
  for (const StrategyResult& s : r.strategies)
    if (s.strategy == k) return s;
  throw std::logic_error("strategy missing");
}

RandomConfig archiving() {
  RandomConfig c;
  c.seed = 7;
  c.mam_default = MamDefault::Roster;
  c.lag_and_failures = true;
  return c;
}

TEST(ServerFingerprint, DiffersBetweenStrategiesThatActDifferentlyOnOneWorld) {
  const Scenario sc = random_scenario(archiving());
  const ReplicationResult r = run_replication(sc, 0, sc.strategies);
  ASSERT_EQ(r.strategies.size(), 5u);
  // With archiving each strategy treats the spool its own way at a Bind2
  // bind, except purge_if_archiving: with default `roster` for everyone it
  // purges at every bind, as purge_all does.
  std::set<std::uint64_t> seen;
  for (const StrategyResult& s : r.strategies) {
    EXPECT_NE(s.fingerprint, 0u) << to_string(s.strategy);
    seen.insert(s.fingerprint);
  }
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_EQ(find(r, StrategyKind::PurgeIfArchiving).fingerprint, find(r, StrategyKind::PurgeAll).fingerprint);
  EXPECT_NE(find(r, StrategyKind::PurgeAll).outcomes.lost, find(r, StrategyKind::Deliver).outcomes.lost);
}

TEST(ServerFingerprint, IsTheSameForStrategiesThatActAlike) {
  // Nothing archived (default never): purge_if_archiving leaves the spool at
  // every bind and purge_archived finds nothing to purge, so both do what
  // deliver does, step by step; purge_all does not.
  RandomConfig c;
  c.seed = 5;
  c.mam_default = MamDefault::Never;
  const Scenario sc = random_scenario(c);
  const ReplicationResult r = run_replication(sc, 0, sc.strategies);
  const std::uint64_t deliver = find(r, StrategyKind::Deliver).fingerprint;
  EXPECT_EQ(find(r, StrategyKind::PurgeIfArchiving).fingerprint, deliver);
  EXPECT_EQ(find(r, StrategyKind::PurgeArchived).fingerprint, deliver);
  EXPECT_NE(find(r, StrategyKind::PurgeAll).fingerprint, deliver);
}

TEST(ServerFingerprint, ASpoolLimitChangesItButNotTheWorldFingerprint) {
  RandomConfig c = archiving();
  const Scenario unlimited = random_scenario(c);
  c.max_user_messages = 3;
  const Scenario limited = random_scenario(c);
  const ReplicationResult a = run_replication(unlimited, 0, {StrategyKind::Deliver});
  const ReplicationResult b = run_replication(limited, 0, {StrategyKind::Deliver});
  EXPECT_EQ(a.fingerprint, b.fingerprint);  // same world
  EXPECT_EQ(a.strategies[0].outcomes.bounced_by_reason[static_cast<int>(BounceReason::SpoolFull)], 0u);
  EXPECT_GT(b.strategies[0].outcomes.bounced_by_reason[static_cast<int>(BounceReason::SpoolFull)], 0u);
  EXPECT_NE(a.strategies[0].fingerprint, b.strategies[0].fingerprint);
}

TEST(ServerFingerprint, DoesNotDependOnCompanyOrThreads) {
  RandomConfig c = archiving();
  c.users = 30;
  Scenario sc = random_scenario(c);
  sc.replications = 3;
  RunOptions one;
  one.threads = 1;
  RunOptions two;
  two.threads = 2;
  const RunResult a = run(sc, one);
  const RunResult b = run(sc, two);
  ASSERT_EQ(a.replications.size(), 3u);
  for (std::size_t i = 0; i < a.replications.size(); ++i)
    for (std::size_t k = 0; k < a.strategies.size(); ++k)
      EXPECT_EQ(a.replications[i].strategies[k].fingerprint, b.replications[i].strategies[k].fingerprint);
  for (std::size_t k = 0; k < a.strategies.size(); ++k)
    EXPECT_EQ(strategy_fingerprint(a, k), strategy_fingerprint(b, k));
  // Replications differ, and the merge follows replication order.
  EXPECT_NE(a.replications[0].strategies[0].fingerprint, a.replications[1].strategies[0].fingerprint);
  RunResult swapped = a;
  std::swap(swapped.replications[0].strategies, swapped.replications[1].strategies);
  EXPECT_NE(strategy_fingerprint(swapped, 0), strategy_fingerprint(a, 0));
  // A strategy alone does what it does among others.
  const ReplicationResult alone = run_replication(sc, 0, {StrategyKind::Deferred});
  EXPECT_EQ(alone.strategies[0].fingerprint, find(a.replications[0], StrategyKind::Deferred).fingerprint);
}

}  // namespace
}  // namespace spoolsim::testing

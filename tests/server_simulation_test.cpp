// Invariants of the one-pass driver over small generated scenarios (fixed
// seeds): paired strategies see the same world, R10.6 holds, strategies that
// cannot differ do not, and results do not depend on company or threads.
#include <gtest/gtest.h>

#include <array>

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

std::vector<RandomConfig> configs() {
  std::vector<RandomConfig> out;
  const MamDefault defaults[] = {MamDefault::Never, MamDefault::Roster, MamDefault::Always};
  const ResendOnTimeout resends[] = {ResendOnTimeout::False, ResendOnTimeout::True, ResendOnTimeout::IfOffline};
  for (std::uint64_t seed = 1; seed <= 9; ++seed) {
    RandomConfig c;
    c.seed = seed;
    c.mam_default = defaults[seed % 3];
    c.resend = resends[(seed / 3) % 3];
    c.max_user_messages = seed % 2 ? kUnlimited : 5;
    c.ttl = seed % 4 == 0 ? 6 * sim::kHour : 0;
    c.lag_and_failures = seed % 3 == 1;
    c.retention = seed % 5 == 0 ? sim::kDay : 0;
    c.small_catchup = seed % 4 == 2;
    out.push_back(c);
  }
  return out;
}

TEST(ServerSimulation, PairedStrategiesSeeTheSameWorldAndKeepR10_6) {
  for (const RandomConfig& c : configs()) {
    const Scenario sc = random_scenario(c);
    const ReplicationResult r = run_replication(sc, 0, sc.strategies);  // throws on R10.6
    ASSERT_EQ(r.strategies.size(), 5u);
    const StrategyResult& deliver = r.strategies[0];
    EXPECT_GT(deliver.outcomes.sent, 100u) << "seed " << c.seed;
    for (const StrategyResult& s : r.strategies) {
      SCOPED_TRACE(std::string("seed ") + std::to_string(c.seed) + " " + to_string(s.strategy));
      EXPECT_EQ(s.outcomes.sent, deliver.outcomes.sent);
      EXPECT_TRUE(s.outcomes.consistent());
      expect_same_storage(s.archive, deliver.archive, "archive", /*with_catchup_reads=*/false);
      if (c.mam_default == MamDefault::Never) {
        // Nothing is archived: every Bind2 strategy but purge_all is deliver.
        if (s.strategy != StrategyKind::PurgeAll) {
          expect_same_outcomes(s.outcomes, deliver.outcomes, "outcomes");
          expect_same_storage(s.spool, deliver.spool, "spool");
        }
      }
    }
    // deliver never purges.
    EXPECT_EQ(deliver.outcomes.lost_by_cause[static_cast<int>(LossCause::PurgedOnBind2)], 0u);
  }
}

TEST(ServerSimulation, AllSasl1DevicesMakeEveryStrategyDeliver) {
  for (std::uint64_t seed : {3u, 4u}) {
    RandomConfig c;
    c.seed = seed;
    c.sasl1_only = true;
    c.max_user_messages = 5;  // spool_full bounces must match too
    c.mam_default = seed == 3 ? MamDefault::Always : MamDefault::Never;
    const Scenario sc = random_scenario(c);
    const ReplicationResult r = run_replication(sc, 0, sc.strategies);
    const StrategyResult& deliver = r.strategies[0];
    EXPECT_GT(deliver.outcomes.bounced_by_reason[static_cast<int>(BounceReason::SpoolFull)], 0u);
    for (const StrategyResult& s : r.strategies) {
      SCOPED_TRACE(to_string(s.strategy));
      expect_same_outcomes(s.outcomes, deliver.outcomes, "outcomes");
      expect_same_storage(s.spool, deliver.spool, "spool");
    }
  }
}

TEST(ServerSimulation, AStrategyAloneEqualsItAmongOthers) {
  RandomConfig c;
  c.seed = 7;
  c.mam_default = MamDefault::Roster;
  c.lag_and_failures = true;
  const Scenario sc = random_scenario(c);
  const ReplicationResult all = run_replication(sc, 0, sc.strategies);
  for (StrategyKind k : {StrategyKind::PurgeArchived, StrategyKind::Deferred}) {
    const ReplicationResult alone = run_replication(sc, 0, {k});
    ASSERT_EQ(alone.strategies.size(), 1u);
    EXPECT_EQ(alone.fingerprint, all.fingerprint);
    expect_same_outcomes(alone.strategies[0].outcomes, find(all, k).outcomes, to_string(k));
    expect_same_storage(alone.strategies[0].spool, find(all, k).spool, to_string(k));
    expect_same_storage(alone.strategies[0].archive, find(all, k).archive, to_string(k));
    EXPECT_EQ(alone.strategies[0].latency_us.count(), find(all, k).latency_us.count());
  }
}

TEST(ServerSimulation, RunIsIdenticalForOneAndTwoThreads) {
  RandomConfig c;
  c.seed = 11;
  c.users = 30;
  c.mam_default = MamDefault::Always;
  Scenario sc = random_scenario(c);
  sc.replications = 3;
  RunOptions one;
  one.threads = 1;
  RunOptions two;
  two.threads = 2;
  const RunResult a = run(sc, one);
  const RunResult b = run(sc, two);
  ASSERT_EQ(a.replications.size(), 3u);
  ASSERT_EQ(b.replications.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(a.replications[i].replication, i);
    EXPECT_EQ(a.replications[i].fingerprint, b.replications[i].fingerprint);
    EXPECT_EQ(a.replications[i].replica_events, b.replications[i].replica_events);
    for (std::size_t k = 0; k < a.replications[i].strategies.size(); ++k) {
      expect_same_outcomes(a.replications[i].strategies[k].outcomes,
                           b.replications[i].strategies[k].outcomes, "threads");
      expect_same_storage(a.replications[i].strategies[k].spool,
                          b.replications[i].strategies[k].spool, "threads");
    }
  }
  EXPECT_NE(a.replications[0].fingerprint, a.replications[1].fingerprint);
}

class CancelAfterFirstSample : public RunObserver {
 public:
  void on_sample(const LiveSample& s) override {
    ++samples;
    EXPECT_EQ(s.strategies.size(), 5u);
    for (const LiveStrategy& l : s.strategies)
      EXPECT_EQ(l.so_far.sent, l.so_far.delivered + l.so_far.bounced + l.so_far.lost + l.so_far.pending);
  }
  bool cancelled() override { return samples >= 3; }
  int samples = 0;
};

TEST(ServerSimulation, ObserverSamplesAndCancels) {
  RandomConfig c;
  c.users = 20;
  const Scenario sc = random_scenario(c);
  CancelAfterFirstSample observer;
  RunOptions o;
  o.observer = &observer;
  o.sample_every = sim::kHour;
  EXPECT_THROW(run_replication(sc, 0, sc.strategies, o), RunCancelled);
  EXPECT_EQ(observer.samples, 3);
}

}  // namespace
}  // namespace spoolsim::testing

namespace spoolsim::testing {
namespace {

class CountingSink : public SpoolTraceSink {
 public:
  void record(std::uint32_t replication, StrategyKind strategy, const SpoolOperation& op) override {
    EXPECT_EQ(replication, 0u);
    EXPECT_GE(op.time, last);
    last = op.time;
    ++ops[static_cast<int>(strategy)][static_cast<int>(op.kind)];
  }
  std::array<std::array<std::uint64_t, kStoreOpCount>, kMaxStrategies> ops{};
  sim::Time last = 0;
};

TEST(ServerSimulation, SpoolTraceSeesEverySpoolOperation) {
  RandomConfig c;
  c.seed = 5;
  c.users = 30;
  c.max_user_messages = 5;
  c.mam_default = MamDefault::Roster;
  Scenario sc = random_scenario(c);
  sc.warmup = 0;
  sc.drain = 0;  // the counted window is the whole run
  CountingSink sink;
  RunOptions o;
  o.spool_trace = &sink;
  const ReplicationResult r = run_replication(sc, 0, sc.strategies, o);
  for (const StrategyResult& s : r.strategies) {
    for (int k = 0; k < kStoreOpCount; ++k) {
      if (k == static_cast<int>(StoreOp::CatchupRead)) continue;  // archive, not spool
      EXPECT_EQ(sink.ops[static_cast<int>(s.strategy)][static_cast<std::size_t>(k)],
                s.spool.ops[static_cast<std::size_t>(k)])
          << to_string(s.strategy) << " " << to_string(static_cast<StoreOp>(k));
    }
  }
  EXPECT_GT(sink.ops[static_cast<int>(StrategyKind::PurgeAll)][static_cast<int>(StoreOp::DeleteByPurge)], 0u);
  EXPECT_GT(sink.ops[0][static_cast<int>(StoreOp::Count)], 0u);
}

}  // namespace
}  // namespace spoolsim::testing

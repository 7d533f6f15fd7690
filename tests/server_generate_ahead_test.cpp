// The driver generates the world ahead of the replicas by a batch of events
// and applies the batch to the replicas on several threads (issue 15 goal 4).
// Results must be those of one event at a time on one thread: for any
// thread count, any batch size, with boundaries at recycle days and samples.
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "models/server/replica.hpp"
#include "models/simulation.hpp"
#include "models/world/world.hpp"
#include "models/world/world_generator.hpp"
#include "scenarios/loader.hpp"
#include "support/server_profiles.hpp"
#include "support/server_random.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

void expect_same_series(const OccupancySeries& a, const OccupancySeries& b, const std::string& what) {
  EXPECT_EQ(a.times, b.times) << what;
  EXPECT_EQ(a.rows, b.rows) << what;
  EXPECT_EQ(a.bytes, b.bytes) << what;
}

void expect_same_groups(const std::vector<GroupOutcome>& a, const std::vector<GroupOutcome>& b,
                        const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].label, b[i].label) << what;
    expect_same_outcomes(a[i].counts, b[i].counts, (what + " " + a[i].label).c_str());
  }
}

// Everything a report is made of, per strategy, plus the fingerprints.
void expect_same_replication(const ReplicationResult& a, const ReplicationResult& b, const std::string& what) {
  EXPECT_EQ(a.fingerprint, b.fingerprint) << what;
  EXPECT_EQ(a.world_events, b.world_events) << what;
  EXPECT_EQ(a.replica_events, b.replica_events) << what;
  expect_same_series(a.archive_occupancy, b.archive_occupancy, what + " archive occupancy");
  ASSERT_EQ(a.strategies.size(), b.strategies.size()) << what;
  for (std::size_t k = 0; k < a.strategies.size(); ++k) {
    const StrategyResult& x = a.strategies[k];
    const StrategyResult& y = b.strategies[k];
    const std::string s = what + " " + to_string(x.strategy);
    EXPECT_EQ(x.strategy, y.strategy) << s;
    EXPECT_EQ(x.fingerprint, y.fingerprint) << s;
    expect_same_outcomes(x.outcomes, y.outcomes, s.c_str());
    expect_same_storage(x.spool, y.spool, (s + " spool").c_str());
    expect_same_storage(x.archive, y.archive, (s + " archive").c_str());
    expect_same_series(x.spool_occupancy, y.spool_occupancy, s + " spool occupancy");
    EXPECT_EQ(x.latency_us.count(), y.latency_us.count()) << s;
    for (const double q : {0.0, 0.5, 0.9, 0.99, 1.0})
      EXPECT_EQ(x.latency_us.quantile(q), y.latency_us.quantile(q)) << s;
    EXPECT_EQ(x.cost_per_month_per_1000_users, y.cost_per_month_per_1000_users) << s;
    expect_same_groups(x.by_recipient_mix, y.by_recipient_mix, s + " by mix");
    expect_same_groups(x.by_profile, y.by_profile, s + " by profile");
  }
}

// Backward catch-up with a count limit and a 1-day age, archive lag and
// failures, 1-day retention, roster default; 4 days, so 3 recycle days.
Scenario catch_up_scenario() {
  RandomConfig c;
  c.seed = 21;
  c.users = 120;
  c.mam_default = MamDefault::Roster;
  c.lag_and_failures = true;
  c.retention = sim::kDay;
  c.small_catchup = true;
  c.max_user_messages = 20;
  Scenario sc = random_scenario(c);
  sc.replications = 1;
  return sc;
}

ReplicationResult run_with(const Scenario& sc, std::uint32_t threads, std::uint32_t batch_events = 0) {
  RunOptions o;
  o.threads = threads;
  o.batch_events = batch_events;
  return run_replication(sc, 0, sc.strategies, o);
}

TEST(ServerGenerateAhead, OneReplicationIsIdenticalForOneTwoAndThreeThreads) {
  const Scenario sc = catch_up_scenario();
  const ReplicationResult one = run_with(sc, 1, 1);  // one event at a time: the reference
  EXPECT_GT(one.strategies[0].outcomes.lost_by_cause[static_cast<int>(LossCause::CatchupLimit)] +
                one.strategies[1].outcomes.lost_by_cause[static_cast<int>(LossCause::CatchupLimit)],
            0u)
      << "the scenario exercises the backward count limit";
  EXPECT_GT(one.strategies[0].archive.rows_written, 0u);
  for (const std::uint32_t threads : {1u, 2u, 3u}) {
    for (const std::uint32_t batch : {0u, 97u}) {
      expect_same_replication(run_with(sc, threads, batch), one,
                              std::to_string(threads) + " threads, batch " + std::to_string(batch));
    }
  }
  // Through run(): the threads go inside the one replication.
  RunOptions three;
  three.threads = 3;
  const RunResult r = run(sc, three);
  ASSERT_EQ(r.replications.size(), 1u);
  expect_same_replication(r.replications[0], one, "run() on 3 threads");
}

TEST(ServerGenerateAhead, LibraryRosterStrangersIsIdenticalForOneTwoAndThreeThreads) {
  Scenario sc = scenarios::load_scenario_file(std::string(SPOOLSIM_SOURCE_DIR) +
                                                  "/scenarios/fix-24.12-roster-strangers.textproto",
                                              {})
                    .scenario;
  sc.replications = 1;
  const ReplicationResult one = run_with(sc, 1);
  for (const std::uint32_t threads : {2u, 3u})
    expect_same_replication(run_with(sc, threads), one, std::to_string(threads) + " threads");
}

TEST(ServerGenerateAhead, BatchesEndAtRecycleDaysAndSamples) {
  // A batch far larger than a day's events: it must still end at each
  // recycle day (and at each sample), where the one-event driver recycles.
  const Scenario sc = catch_up_scenario();
  const ReplicationResult one = run_with(sc, 1, 1);
  ASSERT_LT(one.world_events, 1'000'000u);
  expect_same_replication(run_with(sc, 2, 1'000'000), one, "one batch per day");

  struct Samples : RunObserver {
    void on_sample(const LiveSample& s) override {
      for (const LiveStrategy& l : s.strategies)
        seen.push_back({static_cast<std::uint64_t>(s.now), l.so_far.sent, l.so_far.lost, l.spool_rows,
                        l.archive_rows});
    }
    std::vector<std::array<std::uint64_t, 5>> seen;
  };
  Samples a, b;
  RunOptions oa;
  oa.observer = &a;
  oa.batch_events = 1;
  RunOptions ob;
  ob.observer = &b;
  ob.threads = 2;
  ob.batch_events = 1'000'000;
  expect_same_replication(run_replication(sc, 0, sc.strategies, oa), one, "observed, one event at a time");
  expect_same_replication(run_replication(sc, 0, sc.strategies, ob), one, "observed, big batches");
  EXPECT_GT(a.seen.size(), 5u * 3 * 24) << "hourly samples over 4 days";
  EXPECT_EQ(a.seen, b.seen);
}

TEST(ServerGenerateAhead, ACatchUpReadsTheArchiveAsOfItsEvent) {  // R7.3
  // The generator ran ahead: a message sent at the connect's own instant with
  // no archive lag is in the world, but it was sent after the connect.
  ServerScript s(rules_scenario());
  const UserId a = s.add_user({kPlain});
  const UserId b = s.add_user({kConv}, MamDefault::Always);
  s.build({StrategyKind::PurgeAll});
  const DeviceId d = s.device(b);
  const MessageId first = s.send(hours(1), a, b);
  const WorldMark at_connect = s.world().mark();
  const MessageId later = s.world().send(hours(2), a, b, 400, false, false, 0);
  ASSERT_EQ(s.world().archive_of(b).size(), 2u);
  WorldEvent connect;
  connect.time = hours(2);
  connect.kind = WorldEventKind::Connect;
  connect.device = d;
  connect.connection = 1;
  Replica& r = s.replica(StrategyKind::PurgeAll);
  r.apply(connect, at_connect);
  ASSERT_EQ(r.last_catch_up().size(), 1u);
  EXPECT_EQ(r.last_catch_up()[0], first);
  EXPECT_EQ(r.cursor_end(d), first + 1u);
  // Its Send event comes next and delivers it live.
  WorldEvent send;
  send.time = hours(2);
  send.kind = WorldEventKind::Send;
  send.message = later;
  r.apply(send, s.world().mark());
  EXPECT_EQ(r.cursor_end(d), later + 1u);
}

// The driver's reference: one event at a time as it is generated, with a
// recycle each day, as the driver ran before it generated ahead.
ReplicationResult one_event_at_a_time(const Scenario& sc) {
  World world(sc, 0);
  WorldGenerator generator(world, 0);
  std::vector<std::unique_ptr<Replica>> replicas;
  for (const StrategyKind k : sc.strategies) replicas.push_back(std::make_unique<Replica>(world, k, 0));
  sim::Time next_recycle = sim::kDay;
  WorldEvent ev;
  while (generator.next(ev)) {
    if (ev.time >= next_recycle) {
      world.recycle([&](auto&& held) {
        for (auto& r : replicas) r->for_each_held(held);
      });
      while (next_recycle <= ev.time) next_recycle += sim::kDay;
    }
    for (auto& r : replicas) r->apply(ev);
  }
  ReplicationResult out;
  out.fingerprint = generator.fingerprint();
  out.world_events = generator.events();
  out.archive_occupancy = world.archive_occupancy(sc.horizon);
  for (const auto& r : replicas) {
    out.replica_events += r->events();
    out.strategies.push_back(r->result());
  }
  return out;
}

TEST(ServerGenerateAhead, ACappedArchiveRunsOneEventAtATimeOnAnyThreadCount) {  // R6.1
  // The send that finds a capped archive full deletes its oldest entries at
  // once; a replica behind the generator would see that too early.
  Scenario sc = catch_up_scenario();
  sc.server.mam.max_user_messages = 3;
  const ReplicationResult reference = one_event_at_a_time(sc);
  const std::size_t expired = static_cast<std::size_t>(LossCause::ExpiredArchive);
  Scenario uncapped = catch_up_scenario();
  const ReplicationResult without_cap = one_event_at_a_time(uncapped);
  EXPECT_GT(reference.strategies[0].outcomes.lost_by_cause[expired],
            without_cap.strategies[0].outcomes.lost_by_cause[expired])
      << "the cap deletes entries a catch-up would have fetched";
  for (const std::uint32_t threads : {1u, 2u, 3u})
    for (const std::uint32_t batch : {0u, 97u})
      expect_same_replication(run_with(sc, threads, batch), reference,
                              "capped, " + std::to_string(threads) + " threads, batch " + std::to_string(batch));
  expect_same_replication(run_with(uncapped, 2), without_cap, "uncapped, 2 threads");
}

}  // namespace
}  // namespace spoolsim::testing

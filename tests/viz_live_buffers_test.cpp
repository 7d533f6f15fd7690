// LiveBuffers: LiveSamples folded into per-strategy counters and series,
// across replications, read from another thread.
#include <gtest/gtest.h>

#include <thread>

#include "viz/live_buffers.hpp"

namespace spoolsim::viz {
namespace {

using models::LiveSample;
using models::LiveStrategy;
using models::StrategyKind;

LiveSample sample(std::uint32_t rep, sim::Time now, std::uint64_t sent, std::uint64_t lost,
                  std::uint64_t spool_rows) {
  LiveSample s;
  s.replication = rep;
  s.now = now;
  s.horizon = 4 * sim::kDay;
  for (StrategyKind k : {StrategyKind::Deliver, StrategyKind::PurgeAll}) {
    LiveStrategy ls;
    ls.strategy = k;
    ls.so_far.sent = sent;
    ls.so_far.lost = k == StrategyKind::PurgeAll ? lost : 0;
    ls.so_far.delivered = sent - ls.so_far.lost;
    ls.spool_rows = spool_rows;
    ls.archive_rows = 2 * spool_rows;
    s.strategies.push_back(ls);
  }
  return s;
}

TEST(VizLiveBuffers, CountsAndSeriesOfOneReplication) {
  LiveBuffers b(16);
  b.reset(3);
  b.record(sample(0, sim::kDay, 100, 10, 5));
  b.record(sample(0, 2 * sim::kDay, 200, 30, 7));
  const LiveView v = b.view();
  EXPECT_EQ(v.samples, 2u);
  EXPECT_EQ(v.replications, 3u);
  EXPECT_EQ(v.now, 2 * sim::kDay);
  ASSERT_EQ(v.strategies.size(), 2u);
  const StrategyLiveView& purge = v.strategies[1];
  EXPECT_EQ(purge.strategy, StrategyKind::PurgeAll);
  EXPECT_EQ(purge.current.sent, 200u);
  EXPECT_EQ(purge.current.lost, 30u);
  EXPECT_EQ(purge.spool_rows, 7u);
  EXPECT_EQ(purge.archive_rows, 14u);
  ASSERT_EQ(purge.loss_rate.size(), 2u);
  EXPECT_FLOAT_EQ(purge.loss_rate[0], 0.10f);
  EXPECT_FLOAT_EQ(purge.loss_rate[1], 0.15f);
  EXPECT_DOUBLE_EQ(purge.times_s[1], 2.0 * 86400.0);
  EXPECT_FLOAT_EQ(purge.spool_rows_series[1], 7.0f);
  EXPECT_FLOAT_EQ(v.strategies[0].loss_rate[1], 0.0f);
  // Replication 1 of 3, half its horizon: (0 + 0.5) / 3.
  EXPECT_DOUBLE_EQ(v.progress(), 0.5 / 3.0);
}

TEST(VizLiveBuffers, NewReplicationFoldsTheFinishedOne) {
  LiveBuffers b(16);
  b.reset(2);
  b.record(sample(0, 2 * sim::kDay, 150, 20, 9));
  b.record(sample(0, 4 * sim::kDay, 300, 40, 0));  // at the horizon: final
  b.record(sample(1, sim::kDay, 50, 5, 3));
  const LiveView v = b.view();
  const StrategyLiveView& purge = v.strategies[1];
  EXPECT_EQ(purge.completed.sent, 300u);
  EXPECT_EQ(purge.completed.lost, 40u);
  EXPECT_EQ(purge.current.sent, 50u);
  EXPECT_EQ(purge.total().sent, 350u);
  EXPECT_EQ(purge.total().lost, 45u);
  // Curves show the replication in progress only.
  ASSERT_EQ(purge.loss_rate.size(), 1u);
  EXPECT_FLOAT_EQ(purge.loss_rate[0], 0.1f);
  EXPECT_EQ(v.replication, 1u);
  EXPECT_DOUBLE_EQ(v.progress(), (1.0 + 0.25) / 2.0);
}

TEST(VizLiveBuffers, ResetForgetsEverything) {
  LiveBuffers b;
  b.reset(1);
  b.record(sample(0, sim::kDay, 10, 1, 1));
  b.reset(5);
  const LiveView v = b.view();
  EXPECT_EQ(v.samples, 0u);
  EXPECT_TRUE(v.strategies.empty());
  EXPECT_EQ(v.replications, 5u);
  EXPECT_DOUBLE_EQ(v.progress(), 0.0);
}

TEST(VizLiveBuffers, ReaderOnAnotherThreadSeesConsistentCounts) {
  // Every sample has delivered + lost == sent; a torn read would break it.
  LiveBuffers b(32);
  b.reset(1);
  std::thread writer([&] {
    for (std::uint64_t i = 1; i <= 2000; ++i) b.record(sample(0, static_cast<sim::Time>(i) * sim::kMinute, 10 * i, i, i));
  });
  std::uint64_t checked = 0;
  while (checked < 200) {
    const LiveView v = b.view();
    for (const StrategyLiveView& s : v.strategies) {
      ASSERT_EQ(s.current.delivered + s.current.lost, s.current.sent);
      ASSERT_LE(s.loss_rate.size(), 33u);
    }
    ++checked;
  }
  writer.join();
  EXPECT_EQ(b.view().samples, 2000u);
}

}  // namespace
}  // namespace spoolsim::viz

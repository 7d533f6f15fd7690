// Replications: identical results for any thread count, exceptions surface.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/distribution.hpp"
#include "sim/fingerprint.hpp"
#include "sim/replication.hpp"

namespace spoolsim::sim {
namespace {

// A small simulation per replication: a hold model on its own stream,
// returning its fingerprint.
std::uint64_t tiny_run(std::uint32_t replication) {
  RandomStream rng(99, replication, 0, 0);
  const auto delay = Distribution::exponential(1000.0);
  EventCalendar c;
  Fingerprint f;
  for (std::uint32_t e = 0; e < 50; ++e)
    c.schedule(static_cast<Time>(delay.sample(rng)), KindClass::World, 1, e);
  for (int i = 0; i < 2000; ++i) {
    const Event ev = c.pop();
    f.fold(ev.time, ev.kind, ev.entity);
    c.schedule(ev.time + static_cast<Time>(delay.sample(rng)), KindClass::World, 1, ev.entity);
  }
  return f.value();
}

TEST(SimReplication, SameResultsForAnyThreadCount) {
  const auto one = run_replications<std::uint64_t>(16, 1, tiny_run);
  const auto two = run_replications<std::uint64_t>(16, 2, tiny_run);
  const auto many = run_replications<std::uint64_t>(16, 5, tiny_run);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, many);
  // Replications differ from each other (their streams differ).
  EXPECT_NE(one[0], one[1]);
}

TEST(SimReplication, EveryReplicationRunsExactlyOnce) {
  std::vector<std::atomic<int>> runs(100);
  for_each_replication(100, 3, [&](std::uint32_t r) { runs[r].fetch_add(1); });
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
  for_each_replication(0, 2, [](std::uint32_t) { FAIL() << "no replication to run"; });
  int count = 0;
  for_each_replication(3, 0, [&](std::uint32_t) { ++count; });  // 0 threads means 1
  EXPECT_EQ(count, 3);
}

TEST(SimReplication, ExceptionOfTheLowestFailingReplicationIsRethrown) {
  for (std::uint32_t threads : {1u, 2u, 4u}) {
    try {
      for_each_replication(20, threads, [](std::uint32_t r) {
        if (r == 5 || r == 11) throw std::runtime_error("replication " + std::to_string(r) + " failed");
      });
      FAIL() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "replication 5 failed") << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace spoolsim::sim

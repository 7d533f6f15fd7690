// The fork-join worker set: every task of a job runs once, jobs reuse the
// same threads, and failures surface as for replications.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <mutex>
#include <vector>

#include "sim/fork_join.hpp"

namespace spoolsim::sim {
namespace {

TEST(SimForkJoin, EveryTaskOfEveryJobRunsOnce) {
  for (std::uint32_t threads : {0u, 1u, 2u, 3u, 8u}) {
    ForkJoin team(threads);
    EXPECT_EQ(team.threads(), std::max(1u, threads));
    for (std::uint32_t tasks : {0u, 1u, 5u, 100u}) {
      for (int job = 0; job < 20; ++job) {
        std::vector<std::atomic<int>> runs(tasks);
        team.run(tasks, [&](std::uint32_t i) { runs[i].fetch_add(1); });
        for (const auto& r : runs) ASSERT_EQ(r.load(), 1) << threads << " threads, " << tasks << " tasks";
      }
    }
  }
}

TEST(SimForkJoin, TasksShareTheThreadsOfTheSet) {
  ForkJoin team(2);
  std::mutex m;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  for (int job = 0; job < 50; ++job) {
    // Two tasks that wait for each other can only finish on two threads.
    waiting = 0;
    team.run(2, [&](std::uint32_t) {
      ++waiting;
      while (waiting.load() < 2) std::this_thread::yield();
      const std::lock_guard<std::mutex> lock(m);
      seen.insert(std::this_thread::get_id());
    });
  }
  EXPECT_EQ(seen.size(), 2u) << "the same two threads for every job";
}

TEST(SimForkJoin, ExceptionOfTheLowestFailingTaskIsRethrownAfterAllRan) {
  for (std::uint32_t threads : {1u, 2u, 4u}) {
    ForkJoin team(threads);
    std::atomic<int> ran{0};
    try {
      team.run(20, [&](std::uint32_t i) {
        ++ran;
        if (i == 5 || i == 11) throw std::runtime_error("task " + std::to_string(i) + " failed");
      });
      FAIL() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "task 5 failed") << threads << " threads";
    }
    EXPECT_EQ(ran.load(), 20);
    // The set still works after a failure.
    std::atomic<int> after{0};
    team.run(7, [&](std::uint32_t) { ++after; });
    EXPECT_EQ(after.load(), 7);
  }
}

TEST(SimForkJoin, TheCallerWorksBetweenStartAndWait) {
  ForkJoin team(2);
  for (int job = 0; job < 20; ++job) {
    std::atomic<bool> caller_done{false};
    std::atomic<int> ran{0};
    std::atomic<bool> before_caller{false};
    const std::function<void(std::uint32_t)> task = [&](std::uint32_t) {
      if (!caller_done.load()) before_caller = true;
      ++ran;
    };
    team.start(3, task);
    while (ran.load() == 0) std::this_thread::yield();  // a worker starts without wait()
    caller_done = true;  // the caller's own work ends
    team.wait();
    EXPECT_EQ(ran.load(), 3);
    EXPECT_TRUE(before_caller.load());
  }
}

TEST(SimForkJoin, DestroyedDuringAJobWaitsForTheTasksThatStarted) {
  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  {
    const std::function<void(std::uint32_t)> task = [&](std::uint32_t) {
      ++started;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      ++finished;
    };
    ForkJoin team(2);
    team.start(50, task);
    while (started.load() == 0) std::this_thread::yield();
  }  // unwinding without wait(): the team goes first, then `task`
  EXPECT_GE(started.load(), 1);
  EXPECT_EQ(finished.load(), started.load()) << "a task still ran after the team was gone";
}

}  // namespace
}  // namespace spoolsim::sim

// A fixed set of worker threads that run one job at a time (fork-join). It
// lives as long as its owner (one replication), so a job costs a wake-up,
// not a thread start.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace spoolsim::sim {

class ForkJoin {
 public:
  // `threads` counts the caller: 0 or 1 starts no thread. If the system
  // refuses a thread, the set works with the ones it got.
  explicit ForkJoin(std::uint32_t threads);
  ~ForkJoin();
  ForkJoin(const ForkJoin&) = delete;
  ForkJoin& operator=(const ForkJoin&) = delete;

  // Threads that take part in a job, the caller included.
  std::uint32_t threads() const { return static_cast<std::uint32_t>(workers_.size()) + 1; }

  // Calls task(i) once for every i in [0, tasks), on the workers and the
  // caller; tasks are claimed in increasing order. Returns when all are done.
  // If tasks throw, every task still runs and the exception of the lowest
  // failing i is rethrown, the same one for any thread count.
  void run(std::uint32_t tasks, const std::function<void(std::uint32_t)>& task) {
    start(tasks, task);
    wait();
  }
  // run() in two halves: start() hands the job to the workers and returns;
  // the caller may do other work, then wait() takes part in the job and
  // returns when it is done (rethrowing as run() does). `task` must live
  // until then. Destroying the set while a job runs waits for the tasks
  // already started and drops the rest.
  void start(std::uint32_t tasks, const std::function<void(std::uint32_t)>& task);
  void wait();

 private:
  void work();          // a worker's loop: wait for a job, take part, repeat
  void take_part();     // claims and runs tasks of the current job

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;  // a new job (or stop)
  std::condition_variable done_;   // the last worker left the job
  // Guarded by mutex_.
  std::uint64_t job_ = 0;          // number of the current job
  bool running_ = false;           // between start() and the end of wait()
  std::uint32_t busy_ = 0;         // workers still in the current job
  bool stop_ = false;
  const std::function<void(std::uint32_t)>* task_ = nullptr;
  std::uint32_t tasks_ = 0;
  std::uint32_t next_ = 0;         // next task to claim
  std::uint32_t error_at_ = 0;
  std::exception_ptr error_;
};

}  // namespace spoolsim::sim

// Tasks are claimed under the mutex: a job has few tasks (one per replica),
// each long (a batch of events), so the lock is never contended in earnest.
#include "sim/fork_join.hpp"

namespace spoolsim::sim {

ForkJoin::ForkJoin(std::uint32_t threads) {
  if (threads > 1) workers_.reserve(threads - 1);
  try {
    for (std::uint32_t t = 1; t < threads; ++t) workers_.emplace_back([this] { work(); });
  } catch (...) {
    // Could not start a thread: the ones we have (at least the caller) do the work.
  }
}

ForkJoin::~ForkJoin() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    next_ = tasks_;  // an unfinished job (the caller is unwinding): no new task starts
    done_.wait(lock, [this] { return !running_ || busy_ == 0; });
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : workers_) t.join();
}

void ForkJoin::start(std::uint32_t tasks, const std::function<void(std::uint32_t)>& task) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    task_ = &task;
    tasks_ = tasks;
    next_ = 0;
    error_ = nullptr;
    error_at_ = tasks;
    running_ = true;
    if (tasks == 0) return;
    busy_ = static_cast<std::uint32_t>(workers_.size());
    ++job_;
  }
  if (!workers_.empty()) start_.notify_all();
}

void ForkJoin::wait() {
  take_part();
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return busy_ == 0; });
  task_ = nullptr;
  tasks_ = 0;
  running_ = false;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void ForkJoin::take_part() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (next_ < tasks_) {
    const std::uint32_t i = next_++;
    const auto* task = task_;
    lock.unlock();
    std::exception_ptr failure;
    try {
      (*task)(i);
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    if (failure && i < error_at_) {
      error_at_ = i;
      error_ = failure;
    }
  }
}

void ForkJoin::work() {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stop_ || job_ != seen; });
      if (stop_) return;
      seen = job_;
    }
    take_part();
    const std::lock_guard<std::mutex> lock(mutex_);
    if (--busy_ == 0) done_.notify_all();
  }
}

}  // namespace spoolsim::sim

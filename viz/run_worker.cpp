#include "viz/run_worker.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace spoolsim::viz {

const char* to_string(RunState s) {
  switch (s) {
    case RunState::Idle: return "idle";
    case RunState::Running: return "running";
    case RunState::Finished: return "finished";
    case RunState::Cancelled: return "cancelled";
    case RunState::Failed: return "failed";
  }
  return "?";
}

std::vector<StrategyLatency> latency_by_strategy(const models::RunResult& result) {
  std::vector<StrategyLatency> out;
  for (std::size_t i = 0; i < result.strategies.size(); ++i) {
    sim::LatencyHistogram merged;
    for (const models::ReplicationResult& rep : result.replications) {
      if (i < rep.strategies.size()) merged.merge(rep.strategies[i].latency_us);
    }
    out.push_back({result.strategies[i], merged.count(), latency_bands(merged)});
  }
  return out;
}

RunWorker::~RunWorker() {
  cancel();
  wait();
}

sim::Duration RunWorker::sample_interval(const models::Scenario& scenario) {
  // About 400 samples per replication, on whole minutes: smooth curves, cheap.
  const sim::Duration step = scenario.horizon / 400;
  return std::max(sim::kMinute, step - step % sim::kMinute);
}

void RunWorker::start(const models::Scenario& scenario) {
  cancel();
  wait();
  {
    std::lock_guard lock(mutex_);
    cancel_ = false;
    state_ = RunState::Running;
    error_.clear();
    finished_.reset();
  }
  buffers_.reset(scenario.replications);
  thread_ = std::thread(&RunWorker::body, this, scenario);
}

void RunWorker::body(models::Scenario scenario) {
  models::RunOptions options;
  options.threads = 1;  // replications in order, so the live curves tell one story
  options.sample_every = sample_interval(scenario);
  options.observer = this;
  try {
    auto done = std::make_shared<FinishedRun>();
    done->result = models::run(scenario, options);
    done->summary = models::summarize(done->result);
    done->latency = latency_by_strategy(done->result);
    std::lock_guard lock(mutex_);
    finished_ = std::move(done);
    state_ = RunState::Finished;
  } catch (const models::RunCancelled&) {
    std::lock_guard lock(mutex_);
    state_ = RunState::Cancelled;
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    state_ = RunState::Failed;
    error_ = e.what();
  }
}

void RunWorker::cancel() {
  {
    std::lock_guard lock(mutex_);
    cancel_ = true;
  }
  wake_.notify_all();
}

void RunWorker::wait() {
  if (thread_.joinable()) {
    thread_.join();
  }
}

void RunWorker::set_paused(bool paused) {
  {
    std::lock_guard lock(mutex_);
    paused_ = paused;
  }
  wake_.notify_all();
}

bool RunWorker::paused() const {
  std::lock_guard lock(mutex_);
  return paused_;
}

void RunWorker::set_delay_per_sample(std::chrono::milliseconds delay) {
  {
    std::lock_guard lock(mutex_);
    delay_ = std::max(std::chrono::milliseconds(0), delay);
  }
  wake_.notify_all();
}

std::chrono::milliseconds RunWorker::delay_per_sample() const {
  std::lock_guard lock(mutex_);
  return delay_;
}

RunState RunWorker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string RunWorker::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

std::shared_ptr<const FinishedRun> RunWorker::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

void RunWorker::on_sample(const models::LiveSample& sample) {
  buffers_.record(sample);
  std::unique_lock lock(mutex_);
  if (delay_.count() > 0 && !cancel_) {
    // Wakes early on cancel or when the delay is changed.
    const auto delay = delay_;
    wake_.wait_for(lock, delay, [&] { return cancel_ || delay_ < delay; });
  }
  wake_.wait(lock, [&] { return cancel_ || !paused_; });
}

bool RunWorker::cancelled() {
  std::lock_guard lock(mutex_);
  return cancel_;
}

}  // namespace spoolsim::viz

// Runs the simulation in a worker thread for the dashboard. The worker only
// observes (models::RunObserver): it never changes the scenario or options
// that decide results, so a run's fingerprint is the same with and without
// the dashboard. Pause blocks the simulation thread on a condition variable
// at the next sample; a delay per sample slows it down so a person can watch.
#pragma once
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"
#include "models/simulation.hpp"
#include "models/outcomes/summary.hpp"
#include "viz/latency_bins.hpp"
#include "viz/live_buffers.hpp"

namespace spoolsim::viz {

enum class RunState : std::uint8_t { Idle, Running, Finished, Cancelled, Failed };
const char* to_string(RunState s);

struct StrategyLatency {  // the latency histogram merged over replications, in bands
  models::StrategyKind strategy = models::StrategyKind::Deliver;
  std::uint64_t delivered = 0;  // values in the histogram
  std::array<double, kLatencyBandCount> bands{};
};

struct FinishedRun {
  models::RunResult result;
  models::RunSummary summary;  // models::summarize(result): what `spoolsim run` prints
  std::vector<StrategyLatency> latency;  // in result.strategies order
};

// Computed once when the run ends (on the worker thread, not per frame).
std::vector<StrategyLatency> latency_by_strategy(const models::RunResult& result);

class RunWorker final : public models::RunObserver {
 public:
  RunWorker() = default;
  ~RunWorker() override;
  RunWorker(const RunWorker&) = delete;
  RunWorker& operator=(const RunWorker&) = delete;

  // Cancels and joins any run in progress, then starts this one.
  void start(const models::Scenario& scenario);
  // Asks the run to stop at its next sample (also wakes a paused run).
  void cancel();
  // Blocks until the run's thread has ended (returns at once when idle).
  void wait();

  void set_paused(bool paused);
  bool paused() const;
  void set_delay_per_sample(std::chrono::milliseconds delay);
  std::chrono::milliseconds delay_per_sample() const;

  RunState state() const;
  std::string error() const;                        // when Failed
  std::shared_ptr<const FinishedRun> finished() const;  // when Finished, else null
  LiveView live() const { return buffers_.view(); }
  // The sampling interval the worker asks of the model (any value gives the
  // same results; it only sets how often the window gets news).
  static sim::Duration sample_interval(const models::Scenario& scenario);

  // models::RunObserver, called on the simulation thread.
  void on_sample(const models::LiveSample& sample) override;
  bool cancelled() override;

 private:
  void body(models::Scenario scenario);

  LiveBuffers buffers_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool paused_ = false;
  bool cancel_ = false;
  std::chrono::milliseconds delay_{0};
  RunState state_ = RunState::Idle;
  std::string error_;
  std::shared_ptr<const FinishedRun> finished_;
};

}  // namespace spoolsim::viz

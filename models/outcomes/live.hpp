// The live view of a running simulation (progress bars, the dashboard): what
// each replica has decided so far, and the observer the driver calls.
#pragma once
#include <cstdint>
#include <exception>
#include <vector>

#include "models/outcomes/results.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

// A live view for progress bars and the dashboard: cumulative counts of
// counted messages so far (fates decided so far), per strategy.
struct LiveStrategy {
  StrategyKind strategy = StrategyKind::Deliver;
  OutcomeCounts so_far;        // pending = not yet decided
  std::uint64_t spool_rows = 0;
  std::uint64_t archive_rows = 0;
};
struct LiveSample {
  std::uint32_t replication = 0;
  sim::Time now = 0;
  sim::Time horizon = 0;
  std::vector<LiveStrategy> strategies;
};

class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Called from the thread running the replication, every sample_every of
  // simulated time and once at the horizon. Must be thread-safe.
  virtual void on_sample(const LiveSample& sample) { (void)sample; }
  // Called at each sample: true stops the run (it then throws RunCancelled).
  virtual bool cancelled() { return false; }
};

struct RunCancelled : std::exception {
  const char* what() const noexcept override { return "run cancelled"; }
};

}  // namespace spoolsim::models

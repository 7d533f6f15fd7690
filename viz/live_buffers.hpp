// What the window shows while a run is going: the model's LiveSamples
// (models/simulation.hpp) folded into per-strategy counters and bounded time
// series. record() is called from the simulation thread, view() from the UI
// thread; both take one mutex, and view() returns a copy so drawing never
// holds the lock.
#pragma once
#include <cstdint>
#include <mutex>
#include <vector>

#include "models/outcomes/results.hpp"
#include "models/simulation.hpp"
#include "viz/live_series.hpp"

namespace spoolsim::viz {

struct StrategyLiveView {
  models::StrategyKind strategy = models::StrategyKind::Deliver;
  models::OutcomeCounts current;    // the replication in progress, so far
  models::OutcomeCounts completed;  // replications already finished, summed
  std::uint64_t spool_rows = 0;
  std::uint64_t archive_rows = 0;
  // This replication over simulated time (seconds since its start).
  std::vector<double> times_s;
  std::vector<float> loss_rate;     // lost / sent so far, at each sample
  std::vector<float> spool_rows_series;
  std::vector<float> archive_rows_series;

  models::OutcomeCounts total() const;  // completed + current
};

struct LiveView {
  std::uint32_t replication = 0;  // of the latest sample
  std::uint32_t replications = 0; // in the run
  sim::Time now = 0;
  sim::Time horizon = 0;
  std::uint64_t samples = 0;      // received since reset()
  std::vector<StrategyLiveView> strategies;  // in the sample's order

  // Share of the whole run done: finished replications plus this one's time.
  double progress() const;
};

class LiveBuffers {
 public:
  explicit LiveBuffers(std::size_t series_capacity = 480) : capacity_(series_capacity) {}

  void reset(std::uint32_t replications);
  void record(const models::LiveSample& sample);
  LiveView view() const;

 private:
  struct Track {
    models::StrategyKind strategy = models::StrategyKind::Deliver;
    models::OutcomeCounts current;
    models::OutcomeCounts completed;
    std::uint64_t spool_rows = 0;
    std::uint64_t archive_rows = 0;
    DownsampledSeries loss_rate;
    DownsampledSeries spool_rows_series;
    DownsampledSeries archive_rows_series;
  };

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::uint32_t replications_ = 0;
  std::uint32_t replication_ = 0;
  sim::Time now_ = 0;
  sim::Time horizon_ = 0;
  std::uint64_t samples_ = 0;
  std::vector<Track> tracks_;
};

}  // namespace spoolsim::viz

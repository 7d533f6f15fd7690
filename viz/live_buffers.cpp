#include "viz/live_buffers.hpp"

#include <algorithm>

namespace spoolsim::viz {

models::OutcomeCounts StrategyLiveView::total() const {
  models::OutcomeCounts t = completed;
  t.add(current);
  return t;
}

double LiveView::progress() const {
  if (replications == 0 || horizon <= 0 || samples == 0) {
    return 0.0;
  }
  const double within = std::clamp(static_cast<double>(now) / static_cast<double>(horizon), 0.0, 1.0);
  return std::min(1.0, (static_cast<double>(replication) + within) / static_cast<double>(replications));
}

void LiveBuffers::reset(std::uint32_t replications) {
  std::lock_guard lock(mutex_);
  replications_ = replications;
  replication_ = 0;
  now_ = 0;
  horizon_ = 0;
  samples_ = 0;
  tracks_.clear();
}

void LiveBuffers::record(const models::LiveSample& sample) {
  std::lock_guard lock(mutex_);
  if (tracks_.empty()) {
    for (const models::LiveStrategy& s : sample.strategies) {
      Track t{s.strategy, {}, {}, 0, 0, DownsampledSeries(capacity_), DownsampledSeries(capacity_),
              DownsampledSeries(capacity_)};
      tracks_.push_back(std::move(t));
    }
    replication_ = sample.replication;
  }
  if (sample.replication != replication_) {
    // The previous replication ended with its sample at the horizon: its
    // counts are final, fold them and start fresh curves.
    for (Track& t : tracks_) {
      t.completed.add(t.current);
      t.current = {};
      t.spool_rows = t.archive_rows = 0;
      t.loss_rate.clear();
      t.spool_rows_series.clear();
      t.archive_rows_series.clear();
    }
    replication_ = sample.replication;
  }
  now_ = sample.now;
  horizon_ = sample.horizon;
  ++samples_;
  const double t_s = sim::to_seconds(sample.now);
  for (const models::LiveStrategy& s : sample.strategies) {
    auto it = std::find_if(tracks_.begin(), tracks_.end(),
                           [&](const Track& t) { return t.strategy == s.strategy; });
    if (it == tracks_.end()) {
      continue;  // a sample never adds strategies mid-run; ignore rather than guess
    }
    it->current = s.so_far;
    it->spool_rows = s.spool_rows;
    it->archive_rows = s.archive_rows;
    it->loss_rate.push(t_s, s.so_far.loss_rate());
    it->spool_rows_series.push(t_s, static_cast<double>(s.spool_rows));
    it->archive_rows_series.push(t_s, static_cast<double>(s.archive_rows));
  }
}

LiveView LiveBuffers::view() const {
  std::lock_guard lock(mutex_);
  LiveView v;
  v.replication = replication_;
  v.replications = replications_;
  v.now = now_;
  v.horizon = horizon_;
  v.samples = samples_;
  v.strategies.reserve(tracks_.size());
  for (const Track& t : tracks_) {
    StrategyLiveView s;
    s.strategy = t.strategy;
    s.current = t.current;
    s.completed = t.completed;
    s.spool_rows = t.spool_rows;
    s.archive_rows = t.archive_rows;
    s.times_s = t.loss_rate.times();
    s.loss_rate = t.loss_rate.values();
    s.spool_rows_series = t.spool_rows_series.values();
    s.archive_rows_series = t.archive_rows_series.values();
    v.strategies.push_back(std::move(s));
  }
  return v;
}

}  // namespace spoolsim::viz

// A level that holds between changes (spool rows, archive bytes), measured
// over a counted window [window_start, window_end): its integral over time,
// its mean and its peak. The one meter behind every storage statistic (R11.1).
#pragma once
#include <algorithm>

#include "sim/time.hpp"

namespace spoolsim::sim {

class TimeWeighted {
 public:
  // An end before the start makes an empty window. Changes may come before
  // the window opens: they set the level the window opens with.
  explicit TimeWeighted(Time window_start = 0, Time window_end = kNever);

  // The level holds from `now` on; `now` never decreases between calls.
  // Inline: every spool row change sets two meters.
  void set(Time now, double level) {
    if (now < last_) [[unlikely]] time_went_back(now);
    const double span = span_to(now);
    if (span > 0.0) integral_ += level_ * span;
    if (!opened_ && now >= start_ && start_ < end_) {
      opened_ = true;
      peak_ = std::max(peak_, level_);  // the level holding when the window opens
    }
    last_ = now;
    level_ = level;
    if (in_window(now)) peak_ = std::max(peak_, level);
  }
  void add(Time now, double delta) { set(now, level_ + delta); }
  double level() const { return level_; }

  // Level x microseconds inside the window up to `now` (the current level
  // held until then). `now` may not lie before the last change unless the
  // window has closed by then.
  double integral(Time now) const;
  // integral(now) over the window time elapsed by `now`; 0 before any has.
  double average(Time now) const;
  // The highest level held inside the window up to `now`: the level when
  // the window opens and every level set inside it, even for no time.
  double peak(Time now) const;

  bool in_window(Time t) const { return t >= start_ && t < end_; }
  Time window_start() const { return start_; }
  Time window_end() const { return end_; }

 private:
  // Window time from the last change to now.
  double span_to(Time now) const {
    const Time from = std::max(last_, start_);
    const Time to = std::min(now, end_);
    return to > from ? static_cast<double>(to - from) : 0.0;
  }
  [[noreturn]] void time_went_back(Time now) const;

  Time start_;
  Time end_;
  Time last_;
  bool opened_ = false;  // the level holding when the window opened is in peak_
  double level_ = 0.0;
  double peak_ = 0.0;
  double integral_ = 0.0;
};

}  // namespace spoolsim::sim

// A level that holds between changes (spool rows, archive bytes), measured
// over a counted window [window_start, window_end): its integral over time,
// its mean and its peak. The one meter behind every storage statistic (R11.1).
#pragma once
#include "sim/time.hpp"

namespace spoolsim::sim {

class TimeWeighted {
 public:
  // An end before the start makes an empty window. Changes may come before
  // the window opens: they set the level the window opens with.
  explicit TimeWeighted(Time window_start = 0, Time window_end = kNever);

  // The level holds from `now` on; `now` never decreases between calls.
  void set(Time now, double level);
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
  double span_to(Time now) const;  // window time from the last change to now

  Time start_;
  Time end_;
  Time last_;
  bool opened_ = false;  // the level holding when the window opened is in peak_
  double level_ = 0.0;
  double peak_ = 0.0;
  double integral_ = 0.0;
};

}  // namespace spoolsim::sim

// A bounded time series for live plots: keeps at most `capacity` points of an
// evenly spaced sample stream. When full it keeps every other point and
// doubles its stride, so a run of any length is drawn from an even coverage
// with bounded memory. The newest point is always available for the plot end.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spoolsim::viz {

class DownsampledSeries {
 public:
  // capacity is rounded up to an even number of at least 2.
  explicit DownsampledSeries(std::size_t capacity = 480);

  void push(double time, double value);
  void clear();

  std::size_t capacity() const { return capacity_; }
  std::uint64_t stride() const { return stride_; }    // offered points per kept point
  std::uint64_t offered() const { return offered_; }  // points pushed since clear()
  bool empty() const { return offered_ == 0; }

  // Kept points (offered indices 0, stride, 2*stride, ...), then the newest
  // offered point if it is not among them.
  std::vector<double> times() const;
  std::vector<float> values() const;
  double last_value() const { return last_value_; }
  double last_time() const { return last_time_; }

 private:
  void compact();

  std::size_t capacity_;
  std::uint64_t stride_ = 1;
  std::uint64_t offered_ = 0;
  std::vector<double> times_;
  std::vector<float> values_;
  double last_time_ = 0.0;
  double last_value_ = 0.0;
};

}  // namespace spoolsim::viz

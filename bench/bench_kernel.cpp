// Kernel benchmarks. The hold model (Jones 1986; ns-3 and OMNeT++ use it
// too): N pending events; each step pops the earliest and schedules one at
// now + Exp(mean 1 s). EventCalendar (the ladder in front of the heap) runs
// side by side with the heap alone as it was before the ladder
// (HeapCalendar, bench/reference_heap_calendar.hpp) and with a bare
// std::priority_queue of the same 32-byte events and the same order (R1.2:
// time, then kind class, then sequence), so the ratios are measured in one run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <queue>
#include <vector>

#include "bench/reference_heap_calendar.hpp"
#include "sim/calendar.hpp"
#include "sim/distribution.hpp"
#include "sim/random.hpp"
#include "sim/statistics.hpp"

namespace {

using spoolsim::sim::Distribution;
using spoolsim::sim::Event;
using spoolsim::sim::EventCalendar;
using spoolsim::sim::KindClass;
using spoolsim::sim::RandomStream;
using spoolsim::sim::Time;
using spoolsim::bench_reference::HeapCalendar;

// Exponential increments drawn once, identical for both queues, so the loop
// measures the queue and not the generator. 2^20 values: longer than any
// pattern the queue could exploit.
const std::vector<Time>& increments() {
  static const std::vector<Time> table = [] {
    RandomStream rng(2024, 0, 0, 0);
    const auto exp = Distribution::exponential(1e6);  // mean 1 s in microseconds
    std::vector<Time> t(std::size_t{1} << 20);
    for (Time& x : t) x = static_cast<Time>(exp.sample(rng));
    return t;
  }();
  return table;
}
constexpr std::size_t kMask = (std::size_t{1} << 20) - 1;

template <class Calendar>
void BM_HoldCalendar(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  Calendar calendar;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    calendar.schedule(inc[k++ & kMask], KindClass::World, 1, static_cast<std::uint32_t>(i));
  for (auto _ : state) {
    const Event e = calendar.pop();
    calendar.schedule(e.time + inc[k++ & kMask], e.kind_class(), e.kind, e.entity, e.payload);
  }
  benchmark::DoNotOptimize(calendar.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  // Bytes held per pending event (EventCalendar gives nothing back, so this
  // is its peak too); the frozen HeapCalendar has no such count.
  if constexpr (requires { calendar.memory_bytes(); })
    state.counters["bytes_per_pending"] = static_cast<double>(calendar.memory_bytes()) / static_cast<double>(n);
}

struct Later {  // std::priority_queue is a max-heap: "less" means later
  bool operator()(const Event& a, const Event& b) const {
    return a.time != b.time ? a.time > b.time : a.order > b.order;
  }
};

void BM_HoldStdPriorityQueue(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  std::vector<Event> storage;
  storage.reserve(n + 1);
  std::priority_queue<Event, std::vector<Event>, Later> queue(Later{}, std::move(storage));
  std::uint64_t sequence = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    queue.push(Event{inc[k++ & kMask], sequence++, 1, static_cast<std::uint32_t>(i), 0});
  for (auto _ : state) {
    const Event e = queue.top();
    queue.pop();
    queue.push(Event{e.time + inc[k++ & kMask], (e.order & ~((std::uint64_t{1} << 56) - 1)) | sequence++,
                     e.kind, e.entity, e.payload});
  }
  benchmark::DoNotOptimize(queue.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Hold with cancellation: every step also schedules a timer one mean ahead
// and cancels the previous one (a session timer rearmed on each event).
template <class Calendar>
void BM_HoldWithCancel(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  Calendar calendar;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    calendar.schedule(inc[k++ & kMask], KindClass::World, 1, static_cast<std::uint32_t>(i));
  spoolsim::sim::EventId timer = 0;
  for (auto _ : state) {
    const Event e = calendar.pop();
    if (e.kind == 2) continue;  // a timer that fired: nothing to rearm
    calendar.schedule(e.time + inc[k++ & kMask], KindClass::World, 1, e.entity);
    calendar.cancel(timer);
    timer = calendar.schedule(e.time + 1'000'000, KindClass::Server, 2, e.entity);
  }
  benchmark::DoNotOptimize(calendar.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  if constexpr (requires { calendar.memory_bytes(); })
    state.counters["bytes_per_pending"] = static_cast<double>(calendar.memory_bytes()) / static_cast<double>(n);
}

// The same with a bare std::priority_queue, which cannot cancel: the usual
// lazy deletion, where a popped timer that is not the live one is skipped.
void BM_HoldWithCancelStdPriorityQueue(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto& inc = increments();
  std::vector<Event> storage;
  storage.reserve(2 * n + 2);
  std::priority_queue<Event, std::vector<Event>, Later> queue(Later{}, std::move(storage));
  constexpr std::uint64_t kServer = std::uint64_t{1} << 56;
  std::uint64_t sequence = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; ++i)
    queue.push(Event{inc[k++ & kMask], sequence++, 1, static_cast<std::uint32_t>(i), 0});
  std::uint64_t live_timer = ~std::uint64_t{0};  // order of the one timer not cancelled
  for (auto _ : state) {
    Event e = queue.top();
    queue.pop();
    while (e.kind == 2 && e.order != live_timer) {  // cancelled: skipped, as the calendar does
      e = queue.top();
      queue.pop();
    }
    if (e.kind == 2) continue;
    queue.push(Event{e.time + inc[k++ & kMask], sequence++, 1, e.entity, 0});
    live_timer = kServer | sequence++;
    queue.push(Event{e.time + 1'000'000, live_timer, 2, e.entity, 0});
  }
  benchmark::DoNotOptimize(queue.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Registered pairwise per N, so each ratio compares neighbouring runs.
const int kRegistered = [] {
  for (std::int64_t n = 1'000; n <= 1'000'000; n *= 10) {
    benchmark::RegisterBenchmark("BM_HoldEventCalendar", BM_HoldCalendar<EventCalendar>)->Arg(n);
    benchmark::RegisterBenchmark("BM_HoldHeapCalendar", BM_HoldCalendar<HeapCalendar>)->Arg(n);
    benchmark::RegisterBenchmark("BM_HoldStdPriorityQueue", BM_HoldStdPriorityQueue)->Arg(n);
  }
  for (std::int64_t n = 1'000; n <= 1'000'000; n *= 10) {
    benchmark::RegisterBenchmark("BM_HoldWithCancelEventCalendar", BM_HoldWithCancel<EventCalendar>)->Arg(n);
    benchmark::RegisterBenchmark("BM_HoldWithCancelHeapCalendar", BM_HoldWithCancel<HeapCalendar>)->Arg(n);
    benchmark::RegisterBenchmark("BM_HoldWithCancelStdPriorityQueue", BM_HoldWithCancelStdPriorityQueue)->Arg(n);
  }
  return 0;
}();

void BM_Uniform01(benchmark::State& state) {
  RandomStream rng(1, 0, 0, 0);
  double sum = 0.0;
  for (auto _ : state) sum += rng.uniform01();
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Uniform01);

void BM_SampleLognormal(benchmark::State& state) {
  RandomStream rng(1, 0, 0, 0);
  const auto d = Distribution::lognormal_median(1000.0, 1.0);
  double sum = 0.0;
  for (auto _ : state) sum += d.sample(rng);
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SampleLognormal);

void BM_HistogramRecord(benchmark::State& state) {
  RandomStream rng(1, 0, 0, 0);
  spoolsim::sim::LatencyHistogram h;
  std::vector<std::int64_t> values(4096);
  for (auto& v : values) v = static_cast<std::int64_t>(rng.below(100'000'000));
  std::size_t i = 0;
  for (auto _ : state) h.record(values[i++ & 4095]);
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_HistogramRecord);

}  // namespace

// The event calendar as it was before the ladder (revision 03f0374, a
// 4-ary heap alone), kept only so bench_kernel can run the old and the new
// calendar side by side. Not part of the library; one translation unit only.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/calendar.hpp"

namespace spoolsim::bench_reference {

using sim::Event;
using sim::EventId;
using sim::KindClass;
using sim::Time;
namespace detail = sim::detail;

class HeapCalendar {
 public:
  HeapCalendar() = default;
  HeapCalendar(const HeapCalendar& other);
  HeapCalendar& operator=(const HeapCalendar& other);
  HeapCalendar(HeapCalendar&& other) noexcept;
  HeapCalendar& operator=(HeapCalendar&& other) noexcept;  // leaves other empty and usable
  ~HeapCalendar() = default;

  // time >= 0 (R1.1), else std::invalid_argument. Limits, each reported by
  // std::length_error: 2^38 events per calendar (until clear()), 2^25 pending.
  EventId schedule(Time time, KindClass kind_class, std::uint32_t kind, std::uint32_t entity,
                   std::uint64_t payload = 0);
  // Cheap: the event is skipped when it reaches the top. Cancelling an event
  // that already ran or was cancelled is a no-op.
  void cancel(EventId id);

  bool empty() const;           // no live (uncancelled) event left
  std::size_t size() const;     // live events
  const Event& top() const;     // earliest live event; precondition !empty()
  Event pop();                  // removes and returns the earliest live event
  void clear();

  // Invariant checked at the end of a run: scheduled == executed + cancelled + size().
  std::uint64_t scheduled() const { return scheduled_; }
  std::uint64_t executed() const { return executed_; }
  std::uint64_t cancelled() const { return cancelled_; }

 private:
  // Heap node, 16 bytes: the key of R1.2 as one 128-bit unsigned number
  // (hi, lo) = (time, class << 63 | sequence << 25 | slot). The slot names
  // the rest of the event in slots_; it never decides order since sequences
  // are unique. Four siblings fill one 64-byte cache line.
  struct alignas(16) Node {
    std::uint64_t hi;  // time (>= 0)
    std::uint64_t lo;
  };
  // The rest of a pending event. tag = (sequence + 1) << 2 | state: an
  // EventId is valid only while its sequence and the live state match.
  struct Slot {
    std::uint64_t payload;
    std::uint32_t kind;
    std::uint32_t entity;
    std::uint64_t tag;
  };
  struct FreeStorage {
    void operator()(Node* p) const;
  };
  // Storage is 64-byte aligned and the root is its fourth node, so the
  // children 4i+1..4i+4 of node i share one cache line.
  static constexpr std::size_t kPad = 3;
  Node* heap() const { return storage_.get() + kPad; }
  void reserve_nodes(std::size_t n) const;   // room for n nodes plus 4 sentinels
  void skip_cancelled() const;
  void settle() const;                       // fills the hole pop() left, if any
  void sift_up(std::size_t i, Node x) const;
  void remove_root() const;
  void release(std::uint32_t slot) const;
  void compact();                            // drops cancelled nodes when they outnumber live ones

  mutable std::unique_ptr<Node, FreeStorage> storage_;  // 4-ary implicit min-heap, sentinels after the end
  mutable std::size_t capacity_ = 0;        // nodes storage_ holds, padding included
  mutable std::size_t nodes_ = 0;           // nodes in the heap, a pending hole included
  mutable bool hole_ = false;               // heap()[hole_at_] is empty: pop() defers the refill
  mutable std::size_t hole_at_ = 0;
  mutable std::vector<Slot, detail::LargePageAllocator<Slot>> slots_;  // at most the peak number pending
  mutable std::vector<std::uint32_t> free_slots_;
  mutable Event top_{};                     // what top() returns a reference to
  std::size_t live_ = 0;
  mutable std::size_t cancelled_in_heap_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t scheduled_ = 0;
  std::uint64_t executed_ = 0;
  std::uint64_t cancelled_ = 0;
};


namespace heap_detail {

__extension__ typedef unsigned __int128 u128;

constexpr std::uint64_t kFree = 0;
constexpr std::uint64_t kLive = 1;
constexpr std::uint64_t kCancelled = 2;
constexpr int kSlotBits = 25;
constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
constexpr std::uint64_t kMaxSequence = std::uint64_t{1} << 38;
constexpr std::size_t kPrefetchAbove = 16384;  // smaller heaps (256 KiB) stay in L2
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::uint64_t kSentinel = ~std::uint64_t{0};  // a key no event has (time <= INT64_MAX)

template <class Node>
inline u128 key(const Node& n) {
  return (static_cast<u128>(n.hi) << 64) | n.lo;
}

inline std::uint32_t slot_of(std::uint64_t lo) { return static_cast<std::uint32_t>(lo & kSlotMask); }
inline std::uint64_t sequence_of(std::uint64_t lo) { return (lo >> kSlotBits) & (kMaxSequence - 1); }

}  // namespace heap_detail
using namespace heap_detail;



inline void HeapCalendar::FreeStorage::operator()(Node* p) const { detail::free_aligned(p); }

inline void HeapCalendar::reserve_nodes(std::size_t n) const {
  if (kPad + n + 4 <= capacity_) return;
  const std::size_t wanted = kPad + std::max<std::size_t>(2 * n, 60) + 4;
  std::unique_ptr<Node, FreeStorage> fresh(static_cast<Node*>(detail::allocate_aligned(wanted * sizeof(Node))));
  if (storage_) std::memcpy(fresh.get(), storage_.get(), (kPad + nodes_) * sizeof(Node));
  // Only the four nodes after the last one must be sentinels; the rest stays
  // untouched (uncommitted) until the heap grows into it.
  std::fill(fresh.get() + kPad + nodes_, fresh.get() + kPad + nodes_ + 4, Node{kSentinel, kSentinel});
  storage_ = std::move(fresh);
  capacity_ = wanted;
}

inline HeapCalendar::HeapCalendar(const HeapCalendar& other) { *this = other; }

inline HeapCalendar& HeapCalendar::operator=(const HeapCalendar& other) {
  if (this == &other) return *this;
  storage_.reset();
  capacity_ = 0;
  nodes_ = 0;
  if (other.storage_) {
    reserve_nodes(other.nodes_);
    std::memcpy(storage_.get(), other.storage_.get(), (kPad + other.nodes_ + 4) * sizeof(Node));
  }
  nodes_ = other.nodes_;
  hole_ = other.hole_;
  hole_at_ = other.hole_at_;
  slots_ = other.slots_;
  free_slots_ = other.free_slots_;
  top_ = other.top_;
  live_ = other.live_;
  cancelled_in_heap_ = other.cancelled_in_heap_;
  next_sequence_ = other.next_sequence_;
  scheduled_ = other.scheduled_;
  executed_ = other.executed_;
  cancelled_ = other.cancelled_;
  return *this;
}

inline HeapCalendar::HeapCalendar(HeapCalendar&& other) noexcept { *this = std::move(other); }

inline HeapCalendar& HeapCalendar::operator=(HeapCalendar&& other) noexcept {
  if (this == &other) return *this;
  storage_ = std::move(other.storage_);
  capacity_ = other.capacity_;
  nodes_ = other.nodes_;
  hole_ = other.hole_;
  hole_at_ = other.hole_at_;
  slots_ = std::move(other.slots_);
  free_slots_ = std::move(other.free_slots_);
  top_ = other.top_;
  live_ = other.live_;
  cancelled_in_heap_ = other.cancelled_in_heap_;
  next_sequence_ = other.next_sequence_;
  scheduled_ = other.scheduled_;
  executed_ = other.executed_;
  cancelled_ = other.cancelled_;
  other.clear();
  return *this;
}

inline EventId HeapCalendar::schedule(Time time, KindClass kind_class, std::uint32_t kind,
                                std::uint32_t entity, std::uint64_t payload) {
  if (time < 0)
    throw std::invalid_argument("HeapCalendar::schedule: negative time " + std::to_string(time) +
                                "us; simulated time starts at 0 (R1.1)");
  if (next_sequence_ >= kMaxSequence)
    throw std::length_error("HeapCalendar::schedule: more than 2^38 events scheduled in one run");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();  // LIFO: in the hold pattern, the slot pop() just read (cached)
    free_slots_.pop_back();
  } else {
    if (slots_.size() > kSlotMask)
      throw std::length_error("HeapCalendar::schedule: more than 2^25 events pending at once");
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{});
  }
  const std::uint64_t sequence = next_sequence_++;
  slots_[slot] = Slot{payload, kind, entity, ((sequence + 1) << 2) | kLive};
  const Node node{static_cast<std::uint64_t>(time),
                  (static_cast<std::uint64_t>(kind_class) << 63) | (sequence << kSlotBits) | slot};
  if (hole_) {
    // pop() left a hole at a leaf: the new node fills it (hold pattern: one
    // descent and one short climb per event instead of two climbs).
    hole_ = false;
    sift_up(hole_at_, node);
  } else {
    reserve_nodes(nodes_ + 1);
    heap()[nodes_ + 4] = Node{kSentinel, kSentinel};  // keeps four sentinels after the end
    ++nodes_;
    sift_up(nodes_ - 1, node);
  }
  ++scheduled_;
  ++live_;
  return ((sequence + 1) << kSlotBits) | slot;
}

inline void HeapCalendar::cancel(EventId id) {
  const auto slot = static_cast<std::uint32_t>(id & kSlotMask);
  if (slot >= slots_.size()) return;
  Slot& s = slots_[slot];
  if (s.tag != (((id >> kSlotBits) << 2) | kLive)) return;  // ran, cancelled, or never issued
  s.tag = (s.tag & ~std::uint64_t{3}) | kCancelled;
  --live_;
  ++cancelled_;
  ++cancelled_in_heap_;
  if (cancelled_in_heap_ > 64 && cancelled_in_heap_ > live_) compact();
}

inline bool HeapCalendar::empty() const { return live_ == 0; }

inline std::size_t HeapCalendar::size() const { return live_; }

inline const Event& HeapCalendar::top() const {
  if (live_ == 0) throw std::out_of_range("HeapCalendar::top on an empty calendar");
  skip_cancelled();
  const Node root = heap()[0];
  const Slot& s = slots_[slot_of(root.lo)];
  top_ = Event{static_cast<Time>(root.hi), ((root.lo >> 63) << 56) | sequence_of(root.lo), s.kind, s.entity,
               s.payload};
  return top_;
}

inline Event HeapCalendar::pop() {
  if (live_ == 0) throw std::out_of_range("HeapCalendar::pop on an empty calendar");
  skip_cancelled();
  const Node root = heap()[0];
  const std::uint32_t slot = slot_of(root.lo);
  const Slot& s = slots_[slot];
  const Event e{static_cast<Time>(root.hi), ((root.lo >> 63) << 56) | sequence_of(root.lo), s.kind, s.entity,
                s.payload};
  release(slot);
  remove_root();
  --live_;
  ++executed_;
  return e;
}

inline void HeapCalendar::clear() {
  storage_.reset();
  capacity_ = 0;
  nodes_ = 0;
  hole_ = false;
  hole_at_ = 0;
  slots_.clear();
  free_slots_.clear();
  live_ = 0;
  cancelled_in_heap_ = 0;
  next_sequence_ = 0;
  scheduled_ = 0;
  executed_ = 0;
  cancelled_ = 0;
}

inline void HeapCalendar::release(std::uint32_t slot) const {
  Slot& s = slots_[slot];
  s.tag &= ~std::uint64_t{3};  // kFree: the id no longer matches
  free_slots_.push_back(slot);
}

inline void HeapCalendar::skip_cancelled() const {
  settle();
  if (cancelled_in_heap_ == 0) return;
  while (nodes_ > 0) {
    const std::uint32_t slot = slot_of(heap()[0].lo);
    if ((slots_[slot].tag & 3) != kCancelled) return;
    release(slot);
    --cancelled_in_heap_;
    remove_root();
    settle();
  }
}

inline void HeapCalendar::settle() const {
  if (!hole_) return;
  hole_ = false;
  Node* const h = heap();
  const Node last = h[nodes_ - 1];
  h[nodes_ - 1] = Node{kSentinel, kSentinel};
  --nodes_;
  sift_up(hole_at_, last);
}

inline void HeapCalendar::sift_up(std::size_t i, Node x) const {
  Node* const h = heap();
  const u128 k = key(x);
  while (i > 0) {
    const std::size_t parent = (i - 1) >> 2;
    if (k >= key(h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = x;
}

// Moves the hole at the root down to a leaf along the earliest children
// (Floyd); the refill from the back is deferred to settle() or schedule().
inline void HeapCalendar::remove_root() const {
  Node* const h = heap();
  const std::size_t n = nodes_;
  const bool far = n > kPrefetchAbove;
  std::size_t i = 0;
  for (;;) {
    const std::size_t c = 4 * i + 1;
    if (c >= n) break;
    const Node* g = h + c;
    // The line read two levels down is one of 16 contiguous lines (1 KiB):
    // fetch them now, so the descent does not pay a full memory latency per
    // level. Near the bottom, fetch the next level's four lines instead.
    if (far && 16 * c + 5 < n) {
      const char* next = reinterpret_cast<const char*>(h + 16 * c + 5);
      for (int l = 0; l < 16; ++l) __builtin_prefetch(next + 64 * l);
    } else if (far && 4 * c + 1 < n) {
      const char* next = reinterpret_cast<const char*>(h + 4 * c + 1);
      __builtin_prefetch(next);
      __builtin_prefetch(next + 64);
      __builtin_prefetch(next + 128);
      __builtin_prefetch(next + 192);
    }
    const u128 k0 = key(g[0]);
    const u128 k1 = key(g[1]);
    const u128 k2 = key(g[2]);
    const u128 k3 = key(g[3]);
    // Branch-free tournament: which child is earliest is a coin toss in a
    // hold workload, so a branch here would mispredict half the time.
    const auto b01 = static_cast<std::size_t>(k1 < k0);
    const auto b23 = static_cast<std::size_t>(k3 < k2);
    const u128 m01 = b01 ? k1 : k0;
    const u128 m23 = b23 ? k3 : k2;
    const std::size_t i23 = 2 + b23;
    const std::size_t pick = 0 - static_cast<std::size_t>(m23 < m01);  // all ones: take i23
    const std::size_t best = b01 ^ ((b01 ^ i23) & pick);
    h[i] = g[best];
    if (i == 0) __builtin_prefetch(&slots_[slot_of(h[0].lo)]);  // the next pop() reads it
    i = c + best;
  }
  if (i == n - 1) {
    h[n - 1] = Node{kSentinel, kSentinel};
    --nodes_;
  } else {
    hole_ = true;
    hole_at_ = i;
  }
}

inline void HeapCalendar::compact() {
  settle();
  Node* const h = heap();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < nodes_; ++i) {
    const Node x = h[i];
    const std::uint32_t slot = slot_of(x.lo);
    if ((slots_[slot].tag & 3) == kCancelled) {
      release(slot);
    } else {
      h[kept++] = x;
    }
  }
  for (std::size_t i = kept; i < nodes_; ++i) h[i] = Node{kSentinel, kSentinel};
  nodes_ = kept;
  cancelled_in_heap_ = 0;
  // Rebuild bottom-up (Floyd): sift every internal node down.
  const std::size_t n = nodes_;
  if (n < 2) return;
  for (std::size_t start = (n - 2) / 4 + 1; start-- > 0;) {
    const Node x = h[start];
    const u128 kx = key(x);
    std::size_t i = start;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      for (std::size_t k = c + 1; k < c + 4; ++k)
        if (key(h[k]) < key(h[best])) best = k;
      if (key(h[best]) >= kx) break;
      h[i] = h[best];
      i = best;
    }
    h[i] = x;
  }
}


}  // namespace spoolsim::bench_reference

// 4-ary implicit min-heap on (time, order) with slot-based cancellation.
// R1.2: order = (kind class << 56) | scheduling sequence, so comparing
// (time, order) lexicographically gives time, then World before Server, then FIFO.
#include "sim/calendar.hpp"

#include <algorithm>
#include <stdexcept>

namespace spoolsim::sim {
namespace {

constexpr std::uint32_t kFree = 0;
constexpr std::uint32_t kLive = 1;
constexpr std::uint32_t kCancelled = 2;
constexpr std::size_t kArity = 4;

template <class Node>
inline bool earlier(const Node& a, const Node& b) {
  return a.time < b.time || (a.time == b.time && a.order < b.order);
}

}  // namespace

EventId EventCalendar::schedule(Time time, KindClass kind_class, std::uint32_t kind,
                                std::uint32_t entity, std::uint64_t payload) {
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slots_.size() >= 0xffffffffULL) throw std::length_error("EventCalendar: too many pending events");
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{0, 0, 0, 1, kFree});
  }
  Slot& s = slots_[slot];
  s.payload = payload;
  s.kind = kind;
  s.entity = entity;
  s.state = kLive;
  const Node node{time, (static_cast<std::uint64_t>(kind_class) << 56) | next_sequence_++, slot};
  if (hole_) {
    // pop() left a hole at a leaf: the new node fills it (hold model: one sift instead of two).
    hole_ = false;
    sift_up(hole_at_, node);
  } else {
    heap_.push_back(node);
    sift_up(heap_.size() - 1, node);
  }
  ++scheduled_;
  ++live_;
  return (static_cast<EventId>(s.generation) << 32) | slot;
}

void EventCalendar::cancel(EventId id) {
  const auto slot = static_cast<std::uint32_t>(id & 0xffffffffULL);
  const auto generation = static_cast<std::uint32_t>(id >> 32);
  if (slot >= slots_.size()) return;
  Slot& s = slots_[slot];
  if (s.generation != generation || s.state != kLive) return;  // ran, cancelled or never scheduled
  s.state = kCancelled;
  --live_;
  ++cancelled_;
  ++cancelled_in_heap_;
  if (cancelled_in_heap_ > 64 && cancelled_in_heap_ > live_) compact();
}

bool EventCalendar::empty() const { return live_ == 0; }

std::size_t EventCalendar::size() const { return live_; }

const Event& EventCalendar::top() const {
  if (live_ == 0) throw std::out_of_range("EventCalendar::top on an empty calendar");
  skip_cancelled();
  const Node& n = heap_[0];
  const Slot& s = slots_[n.slot];
  top_ = Event{n.time, n.order, s.kind, s.entity, s.payload};
  return top_;
}

Event EventCalendar::pop() {
  if (live_ == 0) throw std::out_of_range("EventCalendar::pop on an empty calendar");
  skip_cancelled();
  const Node n = heap_[0];
  const Slot& s = slots_[n.slot];
  const Event e{n.time, n.order, s.kind, s.entity, s.payload};
  release(n.slot);
  remove_root();
  --live_;
  ++executed_;
  return e;
}

void EventCalendar::clear() {
  heap_.clear();
  slots_.clear();
  free_slots_.clear();
  hole_ = false;
  hole_at_ = 0;
  live_ = 0;
  cancelled_in_heap_ = 0;
  next_sequence_ = 0;
  scheduled_ = 0;
  executed_ = 0;
  cancelled_ = 0;
}

void EventCalendar::skip_cancelled() const {
  settle();
  if (cancelled_in_heap_ == 0) return;
  while (!heap_.empty() && slots_[heap_[0].slot].state == kCancelled) {
    release(heap_[0].slot);
    --cancelled_in_heap_;
    remove_root();
    settle();
  }
}

void EventCalendar::settle() const {
  if (!hole_) return;
  hole_ = false;
  const Node last = heap_.back();
  heap_.pop_back();
  sift_up(hole_at_, last);
}

void EventCalendar::sift_up(std::size_t i, Node x) const {
  Node* h = heap_.data();
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!earlier(x, h[parent])) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = x;
}

// Removes the root by moving the hole down to a leaf along the earliest
// children (Floyd); the refill from the back is deferred to settle().
void EventCalendar::remove_root() const {
  const std::size_t n = heap_.size();
  Node* h = heap_.data();
  std::size_t i = 0;
  for (;;) {
    const std::size_t c = kArity * i + 1;
    if (c >= n) break;
    std::size_t best = c;
    const std::size_t end = std::min(c + kArity, n);
    for (std::size_t k = c + 1; k < end; ++k)
      if (earlier(h[k], h[best])) best = k;
    h[i] = h[best];
    i = best;
  }
  if (i == n - 1) {
    heap_.pop_back();
  } else {
    hole_ = true;
    hole_at_ = i;
  }
}

void EventCalendar::release(std::uint32_t slot) const {
  Slot& s = slots_[slot];
  s.state = kFree;
  ++s.generation;  // stale ids of this slot no longer match
  free_slots_.push_back(slot);
}

void EventCalendar::compact() {
  settle();
  std::size_t kept = 0;
  for (const Node& n : heap_) {
    if (slots_[n.slot].state == kCancelled) {
      release(n.slot);
    } else {
      heap_[kept++] = n;
    }
  }
  heap_.resize(kept);
  cancelled_in_heap_ = 0;
  // Rebuild the heap bottom-up (Floyd): sift every internal node down.
  Node* h = heap_.data();
  const std::size_t n = heap_.size();
  if (n < 2) return;
  for (std::size_t start = (n - 2) / kArity + 1; start-- > 0;) {
    const Node x = h[start];
    std::size_t i = start;
    for (;;) {
      const std::size_t c = kArity * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      const std::size_t end = std::min(c + kArity, n);
      for (std::size_t k = c + 1; k < end; ++k)
        if (earlier(h[k], h[best])) best = k;
      if (!earlier(h[best], x)) break;
      h[i] = h[best];
      i = best;
    }
    h[i] = x;
  }
}

}  // namespace spoolsim::sim

// 4-ary implicit min-heap of self-contained 32-byte events with lazy,
// exact cancellation.
//
// R1.2: a node's key is the 128-bit number (time, class << 63 | sequence <<
// 25 | slot); comparing keys gives time, then World before Server, then FIFO.
// One unsigned 128-bit comparison (cmp + sbb, no branch) orders two nodes.
// Siblings sit in one 128-byte aligned group; sentinel nodes with the largest
// key follow the last node, so the descent always compares four children.
#include "sim/calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace spoolsim::sim {
namespace {

__extension__ typedef unsigned __int128 u128;

constexpr unsigned kFree = 0;
constexpr unsigned kLive = 1;
constexpr unsigned kCancelled = 2;
constexpr int kSlotBits = 25;
constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
constexpr std::uint64_t kMaxSequence = std::uint64_t{1} << 38;
constexpr std::uint64_t kSequenceMask = (std::uint64_t{1} << 56) - 1;
constexpr std::size_t kPrefetchAbove = 8192;  // smaller heaps (256 KiB) stay in L2: no prefetch needed
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::uint64_t kSentinel = ~std::uint64_t{0};  // a key no event has (time <= INT64_MAX)

template <class Node>
inline u128 key(const Node& n) {
  return (static_cast<u128>(n.hi) << 64) | n.lo;
}

}  // namespace

unsigned EventCalendar::state(std::uint32_t slot) const {
  return static_cast<unsigned>(slot_state_[slot >> 5] >> ((slot & 31) * 2)) & 3u;
}

void EventCalendar::set_state(std::uint32_t slot, unsigned s) const {
  std::uint64_t& word = slot_state_[slot >> 5];
  const unsigned shift = (slot & 31) * 2;
  word = (word & ~(std::uint64_t{3} << shift)) | (static_cast<std::uint64_t>(s) << shift);
}

void EventCalendar::FreeStorage::operator()(Node* p) const { std::free(p); }

void EventCalendar::reserve_nodes(std::size_t n) const {
  // kPad nodes of padding, n nodes, then 4 sentinels.
  if (kPad + n + 4 <= capacity_) return;
  const std::size_t wanted = kPad + std::max<std::size_t>(2 * n, 60) + 4;
  // Large heaps get 2 MiB alignment and ask for transparent huge pages: the
  // descent touches one far-apart group per level, and with 4 KiB pages each
  // of the deep levels would also miss the TLB.
  const bool large = wanted * sizeof(Node) >= kHugePage;
  const std::size_t align = large ? kHugePage : 128;
  const std::size_t bytes = (wanted * sizeof(Node) + align - 1) / align * align;
  void* raw = std::aligned_alloc(align, bytes);
  if (raw == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (large) madvise(raw, bytes, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
  std::unique_ptr<Node, FreeStorage> fresh(static_cast<Node*>(raw));
  const std::size_t capacity = bytes / sizeof(Node);
  if (storage_) std::memcpy(fresh.get(), storage_.get(), (kPad + nodes_) * sizeof(Node));
  // Only the four slots after the last node must hold sentinels; the rest
  // stays untouched (and uncommitted) until the heap grows into it.
  std::fill(fresh.get() + kPad + nodes_, fresh.get() + kPad + nodes_ + 4, Node{kSentinel, kSentinel, 0, 0, 0});
  storage_ = std::move(fresh);
  capacity_ = capacity;
}

EventCalendar::EventCalendar(const EventCalendar& other) { *this = other; }

EventCalendar& EventCalendar::operator=(const EventCalendar& other) {
  if (this == &other) return *this;
  storage_.reset();
  capacity_ = 0;
  nodes_ = 0;
  if (other.storage_) {
    reserve_nodes(other.nodes_);
    std::memcpy(storage_.get(), other.storage_.get(), (kPad + other.nodes_) * sizeof(Node));
    std::fill(heap() + other.nodes_, heap() + other.nodes_ + 4, Node{kSentinel, kSentinel, 0, 0, 0});
  }
  nodes_ = other.nodes_;
  hole_ = other.hole_;
  hole_at_ = other.hole_at_;
  slot_sequence_ = other.slot_sequence_;
  slot_state_ = other.slot_state_;
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

EventId EventCalendar::schedule(Time time, KindClass kind_class, std::uint32_t kind,
                                std::uint32_t entity, std::uint64_t payload) {
  if (time < 0)
    throw std::invalid_argument("EventCalendar::schedule: negative time " + std::to_string(time) +
                                "us; simulated time starts at 0 (R1.1)");
  if (next_sequence_ >= kMaxSequence)
    throw std::length_error("EventCalendar::schedule: more than 2^38 events scheduled in one run");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    if (slot_sequence_.size() > kSlotMask)
      throw std::length_error("EventCalendar::schedule: more than 2^25 events pending at once");
    slot = static_cast<std::uint32_t>(slot_sequence_.size());
    slot_sequence_.push_back(0);
    if ((slot >> 5) >= slot_state_.size()) slot_state_.push_back(0);
  }
  const std::uint64_t sequence = next_sequence_++;
  slot_sequence_[slot] = sequence + 1;
  set_state(slot, kLive);
  const Node node{static_cast<std::uint64_t>(time),
                  (static_cast<std::uint64_t>(kind_class) << 63) | (sequence << kSlotBits) | slot,
                  payload, kind, entity};
  if (hole_) {
    // pop() left a hole at a leaf: the new node fills it (hold pattern: one
    // descent and one short climb per event instead of two climbs).
    hole_ = false;
    sift_up(hole_at_, node);
  } else {
    reserve_nodes(nodes_ + 1);
    heap()[nodes_ + 4] = Node{kSentinel, kSentinel, 0, 0, 0};  // keeps four sentinels after the end
    ++nodes_;
    sift_up(nodes_ - 1, node);
  }
  ++scheduled_;
  ++live_;
  return ((sequence + 1) << kSlotBits) | slot;
}

void EventCalendar::cancel(EventId id) {
  const auto slot = static_cast<std::uint32_t>(id & kSlotMask);
  if (slot >= slot_sequence_.size()) return;
  if (slot_sequence_[slot] != (id >> kSlotBits) || state(slot) != kLive) return;  // ran or cancelled
  set_state(slot, kCancelled);
  --live_;
  ++cancelled_;
  ++cancelled_in_heap_;
  if (cancelled_in_heap_ > 64 && cancelled_in_heap_ > live_) compact();
}

bool EventCalendar::empty() const { return live_ == 0; }

std::size_t EventCalendar::size() const { return live_; }

namespace {
template <class Node>
Event to_event(const Node& n) {
  const std::uint64_t order = ((n.lo >> 63) << 56) | ((n.lo >> kSlotBits) & kSequenceMask & (kMaxSequence - 1));
  return Event{static_cast<Time>(n.hi), order, n.kind, n.entity, n.payload};
}
}  // namespace

const Event& EventCalendar::top() const {
  if (live_ == 0) throw std::out_of_range("EventCalendar::top on an empty calendar");
  skip_cancelled();
  top_ = to_event(heap()[0]);
  return top_;
}

Event EventCalendar::pop() {
  if (live_ == 0) throw std::out_of_range("EventCalendar::pop on an empty calendar");
  skip_cancelled();
  const Node& root = heap()[0];
  const Event e = to_event(root);
  const auto slot = static_cast<std::uint32_t>(root.lo & kSlotMask);
  set_state(slot, kFree);
  free_slots_.push_back(slot);
  remove_root();
  --live_;
  ++executed_;
  return e;
}

void EventCalendar::clear() {
  storage_.reset();
  capacity_ = 0;
  nodes_ = 0;
  hole_ = false;
  hole_at_ = 0;
  slot_sequence_.clear();
  slot_state_.clear();
  free_slots_.clear();
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
  while (nodes_ > 0) {
    const auto slot = static_cast<std::uint32_t>(heap()[0].lo & kSlotMask);
    if (state(slot) != kCancelled) return;
    set_state(slot, kFree);
    free_slots_.push_back(slot);
    --cancelled_in_heap_;
    remove_root();
    settle();
  }
}

void EventCalendar::settle() const {
  if (!hole_) return;
  hole_ = false;
  Node& last = heap()[nodes_ - 1];
  const Node x = last;
  last = Node{kSentinel, kSentinel, 0, 0, 0};
  --nodes_;
  sift_up(hole_at_, x);
}

void EventCalendar::sift_up(std::size_t i, const Node& x) const {
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
void EventCalendar::remove_root() const {
  Node* const h = heap();
  const std::size_t n = nodes_;
  const bool far = n > kPrefetchAbove;
  std::size_t i = 0;
  for (;;) {
    const std::size_t c = 4 * i + 1;
    if (c >= n) break;
    // Sentinels past the end make all four children comparable.
    const Node* g = h + c;
    // The next group is one of the four grandchild groups, 512 contiguous
    // bytes: fetch them while this level is compared, so the descent is not
    // one memory latency per level.
    const Node* next = h + 4 * c + 1;
    if (far && 4 * c + 1 < n) {
      for (int line = 0; line < 8; ++line) __builtin_prefetch(reinterpret_cast<const char*>(next) + 64 * line);
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
    const std::size_t i01 = b01;
    const std::size_t i23 = 2 + b23;
    const std::size_t pick = 0 - static_cast<std::size_t>(m23 < m01);  // all ones: take i23
    const std::size_t best = i01 ^ ((i01 ^ i23) & pick);
    h[i] = g[best];
    i = c + best;
  }
  if (i == n - 1) {
    h[n - 1] = Node{kSentinel, kSentinel, 0, 0, 0};
    --nodes_;
  } else {
    hole_ = true;
    hole_at_ = i;
  }
}

void EventCalendar::compact() {
  settle();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < nodes_; ++i) {
    const Node x = heap()[i];
    const auto slot = static_cast<std::uint32_t>(x.lo & kSlotMask);
    if (state(slot) == kCancelled) {
      set_state(slot, kFree);
      free_slots_.push_back(slot);
    } else {
      heap()[kept++] = x;
    }
  }
  for (std::size_t i = kept; i < nodes_; ++i) heap()[i] = Node{kSentinel, kSentinel, 0, 0, 0};
  nodes_ = kept;
  cancelled_in_heap_ = 0;
  // Rebuild bottom-up (Floyd): sift every internal node down.
  const std::size_t n = nodes_;
  if (n < 2) return;
  for (std::size_t start = (n - 2) / 4 + 1; start-- > 0;) {
    const Node x = heap()[start];
    const u128 kx = key(x);
    std::size_t i = start;
    for (;;) {
      const std::size_t c = 4 * i + 1;
      if (c >= n) break;
      std::size_t best = c;
      for (std::size_t k = c + 1; k < c + 4; ++k)
        if (key(heap()[k]) < key(heap()[best])) best = k;
      if (key(heap()[best]) >= kx) break;
      heap()[i] = heap()[best];
      i = best;
    }
    heap()[i] = x;
  }
}

}  // namespace spoolsim::sim

// The event calendar: a 4-ary implicit min-heap of 16-byte keys, the rest of
// each event in a slot table, lazy and exact cancellation.
//
// R1.2: a node's key is the 128-bit number (time, class << 63 | sequence <<
// 25 | slot); comparing keys gives time, then World before Server, then FIFO.
// One unsigned 128-bit comparison (cmp + sbb) orders two nodes, so the
// descent picks the earliest of four children without a branch. Siblings
// share a cache line; sentinel nodes with the largest key follow the last
// node, so every descent step compares four children.
//
// Why it beats a binary heap of whole events on the hold workload: half the
// levels, a quarter of the bytes per level, the next level prefetched while
// the current one is compared, and the popped event's slot prefetched while
// the heap is repaired.
//
// Above kLadderAbove pending events a ladder (docs/kernel.md) keeps the heap
// small: appending to a bucket costs no miss, and the heap's bottom is a
// sorted run popped without a descent.
#include "sim/calendar.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace spoolsim::sim {
namespace {

__extension__ typedef unsigned __int128 u128;

using detail::kCancelled;
using detail::kLadderAbove;
using detail::kLive;
using detail::kLookahead;
using detail::kMaxSequence;
using detail::kSlotBits;
using detail::kSlotMask;
using detail::sequence_of;
using detail::slot_of;
constexpr std::size_t kPrefetchAbove = 16384;  // smaller heaps (256 KiB) stay in L2
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::uint64_t kSentinel = ~std::uint64_t{0};  // a key no event has (time <= INT64_MAX)
constexpr std::size_t kEventsPerBucket = 64;  // a rung gets one bucket per this many events ...
constexpr std::size_t kMaxBuckets = 1024;     // ... up to this many, so the tails it appends to stay in L1/L2
constexpr std::size_t kSlabChunks = 64;       // the chunk pool grows by 64 KiB
constexpr std::size_t kSplitAbove = 256;      // a larger bucket becomes a deeper rung instead of the heap
constexpr std::size_t kInsertIntoRunUpTo = 1024;  // a sorted run this short takes an early event by a move (<= 16 KiB)

template <class Node>
inline u128 key(const Node& n) {
  return (static_cast<u128>(n.hi) << 64) | n.lo;
}


}  // namespace

namespace detail {

void* allocate_aligned(std::size_t bytes) {
  const bool large = bytes >= kHugePage;
  const std::size_t align = large ? kHugePage : 64;
  const std::size_t rounded = (std::max<std::size_t>(bytes, 1) + align - 1) / align * align;
  void* p = std::aligned_alloc(align, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (large) madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
  return p;
}

void free_aligned(void* p) noexcept { std::free(p); }

}  // namespace detail

void EventCalendar::FreeStorage::operator()(Node* p) const { detail::free_aligned(p); }

void EventCalendar::grow_nodes(std::size_t n) const {
  if (kPad + n + 4 <= capacity_) {
    // Room enough once the popped front of a sorted run is dropped (a
    // sorted run is a heap from any start).
    std::memmove(storage_.get() + kPad, heap(), (nodes_ + 4) * sizeof(Node));
    root_ = storage_.get() + kPad;
    room_ = capacity_ - kPad;
    return;
  }
  const std::size_t wanted = kPad + std::max<std::size_t>(2 * n, 60) + 4;
  std::unique_ptr<Node, FreeStorage> fresh(static_cast<Node*>(detail::allocate_aligned(wanted * sizeof(Node))));
  if (storage_) std::memcpy(fresh.get() + kPad, heap(), nodes_ * sizeof(Node));
  // Only the four nodes after the last one must be sentinels; the rest stays
  // untouched (uncommitted) until the heap grows into it.
  std::fill(fresh.get() + kPad + nodes_, fresh.get() + kPad + nodes_ + 4, Node{kSentinel, kSentinel});
  storage_ = std::move(fresh);
  capacity_ = wanted;
  root_ = storage_.get() + kPad;
  room_ = capacity_ - kPad;
}

EventCalendar::EventCalendar(const EventCalendar& other) { *this = other; }

EventCalendar& EventCalendar::operator=(const EventCalendar& other) {
  if (this == &other) return *this;
  storage_.reset();
  root_ = nullptr;
  room_ = 0;
  capacity_ = 0;
  nodes_ = 0;
  if (other.storage_) {
    reserve_nodes(other.nodes_);
    std::memcpy(heap(), other.heap(), (other.nodes_ + 4) * sizeof(Node));
  }
  nodes_ = other.nodes_;
  sorted_ = other.sorted_;
  hole_ = other.hole_;
  hole_at_ = other.hole_at_;
  slots_ = other.slots_;
  free_slots_ = other.free_slots_;
  top_ = other.top_;
  ladder_ = other.ladder_;
  bottom_end_ = other.bottom_end_;
  copy_ladder(other);
  depth_ = other.depth_;
  far_min_ = other.far_min_;
  far_max_ = other.far_max_;
  live_ = other.live_;
  cancelled_in_heap_ = other.cancelled_in_heap_;
  next_sequence_ = other.next_sequence_;
  scheduled_ = other.scheduled_;
  executed_ = other.executed_;
  cancelled_ = other.cancelled_;
  return *this;
}

EventCalendar::EventCalendar(EventCalendar&& other) noexcept { *this = std::move(other); }

EventCalendar& EventCalendar::operator=(EventCalendar&& other) noexcept {
  if (this == &other) return *this;
  storage_ = std::move(other.storage_);
  capacity_ = other.capacity_;
  nodes_ = other.nodes_;
  root_ = other.root_;  // into the storage just taken over
  room_ = other.room_;
  sorted_ = other.sorted_;
  hole_ = other.hole_;
  hole_at_ = other.hole_at_;
  slots_ = std::move(other.slots_);
  free_slots_ = std::move(other.free_slots_);
  top_ = other.top_;
  ladder_ = other.ladder_;
  bottom_end_ = other.bottom_end_;
  rungs_ = std::move(other.rungs_);
  slabs_ = std::move(other.slabs_);
  free_chunks_ = other.free_chunks_;
  other.free_chunks_ = nullptr;
  depth_ = other.depth_;
  far_ = std::exchange(other.far_, Bucket{});
  far_min_ = other.far_min_;
  far_max_ = other.far_max_;
  live_ = other.live_;
  cancelled_in_heap_ = other.cancelled_in_heap_;
  next_sequence_ = other.next_sequence_;
  scheduled_ = other.scheduled_;
  executed_ = other.executed_;
  cancelled_ = other.cancelled_;
  other.clear();
  return *this;
}

EventId EventCalendar::schedule_slow(Time time, KindClass kind_class, std::uint32_t kind, std::uint32_t entity,
                                     std::uint64_t payload) {
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
    if (slots_.size() > kSlotMask)
      throw std::length_error("EventCalendar::schedule: more than 2^25 events pending at once");
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{});
  }
  const std::uint64_t sequence = next_sequence_++;
  slots_[slot] = Slot{payload, kind, entity, ((sequence + 1) << 2) | kLive};
  insert(Node{static_cast<std::uint64_t>(time),
              (static_cast<std::uint64_t>(kind_class) << 63) | (sequence << kSlotBits) | slot});
  ++scheduled_;
  ++live_;
  return ((sequence + 1) << kSlotBits) | slot;
}

void EventCalendar::cancel(EventId id) {
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

void EventCalendar::throw_empty(const char* what) { throw std::out_of_range(what); }

void EventCalendar::clear() {
  storage_.reset();
  root_ = nullptr;
  room_ = 0;
  capacity_ = 0;
  nodes_ = 0;
  sorted_ = false;
  hole_ = false;
  hole_at_ = 0;
  slots_.clear();
  free_slots_.clear();
  ladder_ = false;
  bottom_end_ = 0;
  rungs_.clear();
  slabs_.clear();
  free_chunks_ = nullptr;
  depth_ = 0;
  far_ = Bucket{};
  far_min_ = ~std::uint64_t{0};
  far_max_ = 0;
  live_ = 0;
  cancelled_in_heap_ = 0;
  next_sequence_ = 0;
  scheduled_ = 0;
  executed_ = 0;
  cancelled_ = 0;
}

std::size_t EventCalendar::memory_bytes() const {
  std::size_t bytes = capacity_ * sizeof(Node) + slots_.capacity() * sizeof(Slot) +
                      free_slots_.capacity() * sizeof(std::uint32_t) + rungs_.capacity() * sizeof(Rung) +
                      slabs_.capacity() * sizeof(slabs_[0]) + slabs_.size() * kSlabChunks * sizeof(Chunk);
  for (const Rung& r : rungs_) bytes += r.buckets.capacity() * sizeof(Bucket);
  return bytes;
}

void EventCalendar::release(std::uint32_t slot) const {
  Slot& s = slots_[slot];
  s.tag &= ~std::uint64_t{3};  // kFree: the id no longer matches
  free_slots_.push_back(slot);
}

void EventCalendar::skip_cancelled() const {
  settle();
  for (;;) {
    if (nodes_ == 0) refill();
    if (nodes_ == 0 || cancelled_in_heap_ == 0) return;
    const std::uint32_t slot = slot_of(heap()[0].lo);
    if ((slots_[slot].tag & 3) != kCancelled) return;
    release(slot);
    --cancelled_in_heap_;
    remove_root();
    settle();
  }
}

inline void EventCalendar::heap_insert(Node node) const {
  if (sorted_) {
    // An event after the run's last one keeps it sorted. An earlier one is
    // moved into its place while the run is short (the world's calendar:
    // about one such event per bucket, which would otherwise turn the rest
    // of the bucket into descents); in a long run it ends the run and the
    // array is used as the heap it already is.
    const bool after_last = nodes_ == 0 || key(node) >= key(heap()[nodes_ - 1]);
    if (after_last || nodes_ <= kInsertIntoRunUpTo) {
      reserve_nodes(nodes_ + 1);
      Node* const h = heap();
      h[nodes_ + 4] = Node{kSentinel, kSentinel};
      if (after_last) {
        h[nodes_++] = node;
        return;
      }
      const u128 k = key(node);
      Node* const at = std::upper_bound(h, h + nodes_, k, [](u128 x, const Node& y) { return x < key(y); });
      std::memmove(at + 1, at, static_cast<std::size_t>(h + nodes_ - at) * sizeof(Node));
      *at = node;
      ++nodes_;
      return;
    }
    sorted_ = false;
  }
  heap_push(node);
}

inline void EventCalendar::heap_push(Node node) const {
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
}

// ---- the chunk pool -----------------------------------------------------

EventCalendar::Chunk* EventCalendar::take_chunk() const {
  if (free_chunks_ == nullptr) {
    // Left uninitialised: a chunk's memory is first touched when it is used.
    slabs_.emplace_back(new Chunk[kSlabChunks]);
    Chunk* const slab = slabs_.back().get();
    for (std::size_t i = kSlabChunks; i-- > 0;) {
      slab[i].next = free_chunks_;
      free_chunks_ = slab + i;
    }
  }
  Chunk* const c = free_chunks_;
  free_chunks_ = c->next;
  c->next = nullptr;
  return c;
}

inline void EventCalendar::push(Bucket& b, Node node) const {
  if (b.fill == kChunkNodes) {
    Chunk* const c = take_chunk();
    (b.tail != nullptr ? b.tail->next : b.head) = c;
    b.tail = c;
    b.fill = 0;
  }
  b.tail->nodes[b.fill++] = node;
  ++b.size;
}

void EventCalendar::give_back(Bucket& b) const {
  if (b.head != nullptr) {
    b.tail->next = free_chunks_;  // the whole chain at once, most recently used first
    free_chunks_ = b.head;
  }
  b = Bucket{};
}

namespace {
// A bucket read after a long time is out of cache, and its chunks lie
// anywhere in the pool: fetch the whole next chunk while this one is read.
template <class Chunk>
inline void prefetch_chunk(const Chunk* c) {
  if (c == nullptr) return;
  const char* p = reinterpret_cast<const char*>(c);
  for (std::size_t l = 0; l < sizeof(Chunk); l += 64) __builtin_prefetch(p + l);
}

// Calls f on every node of the chunk chain of a bucket, in the order appended.
template <class Bucket, class F>
inline void for_each_node(const Bucket& b, std::uint32_t per_chunk, F f) {
  for (auto* c = b.head; c != nullptr; c = c->next) {
    prefetch_chunk(c->next);
    const std::uint32_t k = c == b.tail ? b.fill : per_chunk;
    for (std::uint32_t i = 0; i < k; ++i) f(c->nodes[i]);
  }
}
}  // namespace

void EventCalendar::copy_ladder(const EventCalendar& other) {
  slabs_.clear();
  free_chunks_ = nullptr;
  far_ = Bucket{};
  rungs_.clear();
  rungs_.resize(other.rungs_.size());
  for (std::size_t d = 0; d < other.rungs_.size(); ++d) {
    const Rung& from = other.rungs_[d];
    Rung& to = rungs_[d];
    to.start = from.start;
    to.end = from.end;
    to.shift = from.shift;
    to.count = from.count;
    to.next = from.next;
    to.buckets.resize(from.buckets.size());
    for (std::size_t i = 0; i < from.buckets.size(); ++i)
      for_each_node(from.buckets[i], kChunkNodes, [&](const Node& x) { push(to.buckets[i], x); });
  }
  for_each_node(other.far_, kChunkNodes, [&](const Node& x) { push(far_, x); });
}

// ---- the ladder ------------------------------------------------------------

namespace {
// Sorts n nodes whose times lie in [lo_time, hi_time] by key. A bucket's
// events are spread fairly evenly over its range: a counting sort on the
// time's leading bits into about 2n sub-ranges leaves only the events that
// share a sub-range (ties included) for the insertion sort to order.
template <class Node>
void sort_run(Node* h, std::size_t n, std::uint64_t lo_time, std::uint64_t hi_time) {
  const auto earlier = [](const Node& x, const Node& y) { return key(x) < key(y); };
  if (n < 2) return;
  if (n > kSplitAbove || lo_time == hi_time) {
    std::sort(h, h + n, earlier);
    return;
  }
  const std::uint64_t span = hi_time - lo_time;
  int shift = 0;
  while ((span >> shift) >= 2 * n) ++shift;
  const std::size_t ranges = static_cast<std::size_t>(span >> shift) + 1;
  std::uint16_t start[2 * kSplitAbove + 1];
  std::fill(start, start + ranges + 1, std::uint16_t{0});
  for (std::size_t i = 0; i < n; ++i) ++start[((h[i].hi - lo_time) >> shift) + 1];
  for (std::size_t r = 1; r <= ranges; ++r) start[r] = static_cast<std::uint16_t>(start[r] + start[r - 1]);
  Node spread[kSplitAbove];
  for (std::size_t i = 0; i < n; ++i) spread[start[(h[i].hi - lo_time) >> shift]++] = h[i];
  for (std::size_t i = 0; i < n; ++i) {
    const Node x = spread[i];
    std::size_t j = i;
    for (; j > 0 && earlier(x, h[j - 1]); --j) h[j] = h[j - 1];
    h[j] = x;
  }
}
}  // namespace

void EventCalendar::add_to_heap(Node node) const { heap_push(node); }

void EventCalendar::insert(Node node) const {
  // The ladder's common case without a call: an append to the tail chunk of
  // a rung's bucket. Everything else, the small heap included, is one jump
  // away.
  const std::uint64_t t = node.hi;
  if (ladder_ && t >= bottom_end_) {
    for (std::size_t d = depth_; d-- > 0;) {
      Rung& r = rungs_[d];
      if (t < r.end) {
        Bucket& b = r.buckets[std::min<std::uint64_t>((t - r.start) >> r.shift, r.count - 1)];
        if (b.fill == kChunkNodes) break;  // a new chunk first
        b.tail->nodes[b.fill++] = node;
        ++b.size;
        return;
      }
    }
  }
  place(node);
}

void EventCalendar::place(Node node) const {
  if (!ladder_) {
    if (nodes_ < kLadderAbove) {
      heap_push(node);  // the common small case stays as short as the heap alone
      return;
    }
    to_ladder();
  }
  const std::uint64_t t = node.hi;
  if (t < bottom_end_) {
    heap_insert(node);
    return;
  }
  // Deepest rung first: each covers the times just after the one below it.
  for (std::size_t d = depth_; d-- > 0;) {
    Rung& r = rungs_[d];
    if (t < r.end) {
      const std::size_t i = std::min<std::uint64_t>((t - r.start) >> r.shift, r.count - 1);
      push(r.buckets[i], node);
      return;
    }
  }
  push(far_, node);
  far_min_ = std::min(far_min_, t);
  far_max_ = std::max(far_max_, t);
}

void EventCalendar::to_ladder() const {
  settle();
  ladder_ = true;
  Node* const h = heap();
  for (std::size_t i = 0; i < nodes_; ++i) {
    push(far_, h[i]);
    far_min_ = std::min(far_min_, h[i].hi);
    far_max_ = std::max(far_max_, h[i].hi);
    h[i] = Node{kSentinel, kSentinel};
  }
  nodes_ = 0;
  sorted_ = false;
  bottom_end_ = far_min_;  // the heap is empty; nothing precedes the far events
}

// Spreads the nodes of source (all times in [lo_time, hi_time], below end)
// over the buckets of rungs_[depth], which becomes the deepest rung and
// covers [lo_time, end); source's chunks go back to the pool.
void EventCalendar::build_rung(std::size_t depth, Bucket source, std::uint64_t lo_time, std::uint64_t hi_time,
                               std::uint64_t end) const {
  if (rungs_.size() <= depth) rungs_.resize(depth + 1);
  Rung& r = rungs_[depth];
  const std::uint64_t span = hi_time - lo_time;
  const std::size_t target = std::clamp<std::size_t>(source.size / kEventsPerBucket, 2, kMaxBuckets);
  int shift = 0;
  while ((span >> shift) >= target) ++shift;
  r.start = lo_time;
  r.end = end;
  r.shift = shift;
  r.count = static_cast<std::size_t>(span >> shift) + 1;
  // Room for later events between the last node and end: a last, open bucket.
  if (hi_time < end - 1 && (r.start + (std::uint64_t{r.count} << shift)) < end) ++r.count;
  r.next = 0;
  if (r.buckets.size() < r.count) r.buckets.resize(r.count);
  // Each source chunk goes back to the pool once read, so the rung reuses it
  // at once (cached) and the nodes are never held twice.
  for (Chunk* c = source.head; c != nullptr;) {
    prefetch_chunk(c->next);
    const std::uint32_t k = c == source.tail ? source.fill : kChunkNodes;
    for (std::uint32_t j = 0; j < k; ++j) {
      const Node x = c->nodes[j];
      const std::size_t i = std::min<std::uint64_t>((x.hi - r.start) >> shift, r.count - 1);
      push(r.buckets[i], x);
    }
    Chunk* const next = c->next;
    c->next = free_chunks_;
    free_chunks_ = c;
    c = next;
  }
  depth_ = depth + 1;
  bottom_end_ = lo_time;
}

// The heap is empty: the next non-empty bucket of the deepest rung becomes
// the heap (heapified in O(n)), or is split into a deeper rung when
// it holds many events of different times; an exhausted rung is dropped, and
// with no rung left the far events become a new outermost rung.
void EventCalendar::refill() const {
  while (nodes_ == 0) {
    if (depth_ == 0) {
      if (far_.size == 0) return;
      const std::uint64_t lo_time = far_min_, hi_time = far_max_;
      far_min_ = ~std::uint64_t{0};
      far_max_ = 0;
      build_rung(0, std::exchange(far_, Bucket{}), lo_time, hi_time, hi_time + 1);
      continue;
    }
    Rung& r = rungs_[depth_ - 1];
    while (r.next < r.count && r.buckets[r.next].size == 0) ++r.next;
    if (r.next == r.count) {
      bottom_end_ = r.end;
      --depth_;
      continue;
    }
    const std::size_t i = r.next++;
    // Taken out of the rung (build_rung may grow rungs_, so r would dangle).
    Bucket b = std::exchange(r.buckets[i], Bucket{});
    const std::uint64_t bucket_start = r.start + (std::uint64_t{i} << r.shift);
    const std::uint64_t bucket_end = r.next == r.count ? r.end : bucket_start + (std::uint64_t{1} << r.shift);
    if (b.size > kSplitAbove) {
      std::uint64_t lo_time = ~std::uint64_t{0}, hi_time = 0;
      for_each_node(b, kChunkNodes, [&](const Node& x) {
        lo_time = std::min(lo_time, x.hi);
        hi_time = std::max(hi_time, x.hi);
      });
      if (lo_time < hi_time) {
        build_rung(depth_, b, lo_time, hi_time, bucket_end);
        continue;
      }
    }
    const std::size_t n = b.size;
    if (storage_) {  // the heap is empty: start at the front again
      root_ = storage_.get() + kPad;
      room_ = capacity_ - kPad;
    }
    reserve_nodes(n);
    Node* const h = heap();
    std::size_t k = 0;
    std::uint64_t lo_time = ~std::uint64_t{0}, hi_time = 0;
    for_each_node(b, kChunkNodes, [&](const Node& x) {
      h[k++] = x;
      lo_time = std::min(lo_time, x.hi);
      hi_time = std::max(hi_time, x.hi);
    });
    give_back(b);
    // A sorted run: pop() takes its front without a descent, and knows the
    // events kLookahead pops ahead, whose slots it fetches early.
    sort_run(h, n, lo_time, hi_time);
    std::fill(h + n, h + n + 4, Node{kSentinel, kSentinel});
    for (std::size_t j = 0; j < std::min(n, kLookahead); ++j) __builtin_prefetch(&slots_[slot_of(h[j].lo)]);
    nodes_ = n;
    sorted_ = true;
    bottom_end_ = bucket_end;
  }
}

void EventCalendar::settle() const {
  if (!hole_) return;
  hole_ = false;
  Node* const h = heap();
  const Node last = h[nodes_ - 1];
  h[nodes_ - 1] = Node{kSentinel, kSentinel};
  --nodes_;
  sift_up(hole_at_, last);
}

void EventCalendar::sift_up(std::size_t i, Node x) const {
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

void EventCalendar::remove_root() const {
  if (sorted_) {
    ++root_;
    --room_;
    --nodes_;
    if (kLookahead < nodes_) __builtin_prefetch(&slots_[slot_of(heap()[kLookahead].lo)]);
    return;
  }
  if (nodes_ > kPrefetchAbove) {
    descend<true>();
  } else {
    descend<false>();
  }
}

namespace {
// One level of the descent: the earliest of the four children of node i
// moves up into i; returns its index. Branch-free tournament: which child
// is earliest is a coin toss in a hold workload, so a branch here would
// mispredict half the time.
template <class Node>
inline std::size_t step_down(Node* h, std::size_t i) {
  const std::size_t c = 4 * i + 1;
  const Node* g = h + c;
  const u128 k0 = key(g[0]);
  const u128 k1 = key(g[1]);
  const u128 k2 = key(g[2]);
  const u128 k3 = key(g[3]);
  const auto b01 = static_cast<std::size_t>(k1 < k0);
  const auto b23 = static_cast<std::size_t>(k3 < k2);
  const u128 m01 = b01 ? k1 : k0;
  const u128 m23 = b23 ? k3 : k2;
  const std::size_t i23 = 2 + b23;
  const std::size_t pick = 0 - static_cast<std::size_t>(m23 < m01);  // all ones: take i23
  const std::size_t best = b01 ^ ((b01 ^ i23) & pick);
  h[i] = g[best];
  return c + best;
}

// kFar: the line read two levels down is one of 16 contiguous lines (1 KiB):
// fetch them now, so the descent does not pay a full memory latency per
// level. Near the bottom, fetch the next level's four lines instead.
template <class Node>
inline void prefetch_below(const Node* h, std::size_t n, std::size_t i) {
  const std::size_t c = 4 * i + 1;
  if (16 * c + 5 < n) {
    const char* next = reinterpret_cast<const char*>(h + 16 * c + 5);
    for (int l = 0; l < 16; ++l) __builtin_prefetch(next + 64 * l);
  } else if (4 * c + 1 < n) {
    const char* next = reinterpret_cast<const char*>(h + 4 * c + 1);
    __builtin_prefetch(next);
    __builtin_prefetch(next + 64);
    __builtin_prefetch(next + 128);
    __builtin_prefetch(next + 192);
  }
}
}  // namespace

// Moves the hole at the root down to a leaf along the earliest children
// (Floyd); the refill from the back is deferred to settle() or schedule().
// The first step is peeled: after it the new root is known and its slot,
// which the next pop() reads, is prefetched.
template <bool kFar>
void EventCalendar::descend() const {
  Node* const h = heap();
  const std::size_t n = nodes_;
  std::size_t i = 0;
  if (n > 1) {
    if constexpr (kFar) prefetch_below(h, n, 0);
    i = step_down(h, 0);
    __builtin_prefetch(&slots_[slot_of(h[0].lo)]);
    while (4 * i + 1 < n) {
      if constexpr (kFar) prefetch_below(h, n, i);
      i = step_down(h, i);
    }
  }
  if (i == n - 1) {
    h[n - 1] = Node{kSentinel, kSentinel};
    --nodes_;
  } else {
    hole_ = true;
    hole_at_ = i;
  }
}

void EventCalendar::compact() {
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
  // Keeps a bucket's live nodes in its own chunks, in order; the chunks left
  // over go back to the pool.
  const auto drop_cancelled = [this](Bucket& b) {
    if (b.head == nullptr) return;
    Chunk* w = b.head;
    std::uint32_t wi = 0, kept_here = 0;
    for_each_node(b, kChunkNodes, [&](const Node& x) {
      const std::uint32_t slot = slot_of(x.lo);
      if ((slots_[slot].tag & 3) == kCancelled) {
        release(slot);
        return;
      }
      if (wi == kChunkNodes) {  // the reading position is ahead: w->next exists
        w = w->next;
        wi = 0;
      }
      w->nodes[wi++] = x;
      ++kept_here;
    });
    if (kept_here == 0) {
      give_back(b);
      return;
    }
    Bucket rest{w->next, b.tail, b.fill, 0};
    w->next = nullptr;
    if (rest.head != nullptr) give_back(rest);
    b.tail = w;
    b.fill = wi;
    b.size = kept_here;
  };
  for (std::size_t d = 0; d < depth_; ++d)
    for (std::size_t i = rungs_[d].next; i < rungs_[d].count; ++i) drop_cancelled(rungs_[d].buckets[i]);
  drop_cancelled(far_);  // far_min_ and far_max_ stay valid bounds
  cancelled_in_heap_ = 0;
  if (!sorted_) heapify();  // filtering keeps a sorted run sorted
}

// Rebuilds the heap bottom-up (Floyd): sifts every internal node down, O(n).
void EventCalendar::heapify() const {
  Node* const h = heap();
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

}  // namespace spoolsim::sim

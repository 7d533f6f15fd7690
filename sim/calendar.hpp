// The event calendar: an exact priority queue with the total order of R1.2:
// (time, kind class, scheduling order). Knows nothing of what events mean.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/time.hpp"

namespace spoolsim::sim {

// R1.2: at one instant, world events run before server timers.
enum class KindClass : std::uint8_t { World = 0, Server = 1 };

struct Event {
  Time time = 0;
  std::uint64_t order = 0;    // (kind class << 56) | scheduling sequence: the tie-break
  std::uint32_t kind = 0;     // caller's event kind
  std::uint32_t entity = 0;   // caller's entity id (device, user, ...)
  std::uint64_t payload = 0;  // caller's data (an epoch, a message id, ...)

  KindClass kind_class() const { return static_cast<KindClass>(order >> 56); }
  std::uint64_t sequence() const { return order & ((std::uint64_t{1} << 56) - 1); }
};

namespace detail {
// Memory for the calendar's big arrays: 64-byte aligned; from 2 MiB up,
// 2 MiB aligned with transparent huge pages requested (Linux), because the
// heap descent and the slot reads touch far-apart lines.
void* allocate_aligned(std::size_t bytes);
void free_aligned(void* p) noexcept;

// The calendar's key layout (calendar.cpp): lo = class << 63 | sequence << 25 | slot;
// a slot's tag keeps its state in the low two bits.
inline constexpr int kSlotBits = 25;
inline constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
inline constexpr std::uint64_t kMaxSequence = std::uint64_t{1} << 38;
inline constexpr std::uint64_t kFree = 0;
inline constexpr std::uint64_t kLive = 1;
inline constexpr std::uint64_t kCancelled = 2;
// The ladder takes over once this many events are pending in the heap
// (hold model, bench_kernel: the heap alone is faster at 10^3 pending, the
// ladder 2.2x faster at 10^4).
inline constexpr std::size_t kLadderAbove = 4096;
inline constexpr std::size_t kLookahead = 8;  // a sorted run fetches the slot of the event this many pops ahead
inline std::uint32_t slot_of(std::uint64_t lo) { return static_cast<std::uint32_t>(lo & kSlotMask); }
inline std::uint64_t sequence_of(std::uint64_t lo) { return (lo >> kSlotBits) & (kMaxSequence - 1); }

template <class T>
struct LargePageAllocator {
  using value_type = T;
  LargePageAllocator() = default;
  template <class U>
  LargePageAllocator(const LargePageAllocator<U>&) {}  // NOLINT: allocator rebind
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_aligned(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) noexcept { free_aligned(p); }
  friend bool operator==(const LargePageAllocator&, const LargePageAllocator&) { return true; }
};
}  // namespace detail

// Returned by schedule(); pass to cancel(). 0 never names an event, so it
// can stand for "no timer".
using EventId = std::uint64_t;

class EventCalendar {
 public:
  EventCalendar() = default;
  EventCalendar(const EventCalendar& other);
  EventCalendar& operator=(const EventCalendar& other);
  EventCalendar(EventCalendar&& other) noexcept;
  EventCalendar& operator=(EventCalendar&& other) noexcept;  // leaves other empty and usable
  ~EventCalendar() = default;

  // time >= 0 (R1.1), else std::invalid_argument. Limits, each reported by
  // std::length_error: 2^38 events per calendar (until clear()), 2^25 pending.
  inline EventId schedule(Time time, KindClass kind_class, std::uint32_t kind, std::uint32_t entity,
                          std::uint64_t payload = 0);
  // Cheap: the event is skipped when it reaches the top. Cancelling an event
  // that already ran or was cancelled is a no-op.
  void cancel(EventId id);

  bool empty() const { return live_ == 0; }       // no live (uncancelled) event left
  std::size_t size() const { return live_; }      // live events
  inline const Event& top() const;                // earliest live event; precondition !empty()
  inline Event pop();                             // removes and returns the earliest live event
  void clear();

  // Invariant checked at the end of a run: scheduled == executed + cancelled + size().
  std::uint64_t scheduled() const { return scheduled_; }
  std::uint64_t executed() const { return executed_; }
  std::uint64_t cancelled() const { return cancelled_; }
  // Bytes of memory the calendar holds (its arrays at their capacity, the
  // ladder's chunk pool). Nothing is given back before clear(), so this is
  // also the peak since then (a reallocation's brief overlap aside).
  std::size_t memory_bytes() const;

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
  Node* heap() const { return root_; }
  // The root is the earliest live event: no hole to fill, no refill due and
  // no cancelled event on top. The inline top() and pop() test this and
  // leave every other case to skip_cancelled().
  inline bool root_ready() const;
  [[noreturn]] static void throw_empty(const char* what);
  // schedule() when no freed slot waits, or to report a bad time or the limits.
  EventId schedule_slow(Time time, KindClass kind_class, std::uint32_t kind, std::uint32_t entity,
                        std::uint64_t payload);
  void add_to_heap(Node node) const;         // heap_push() out of line, for the inline schedule()
  void insert(Node node) const;              // into the heap, a rung bucket or the far list ...
  [[gnu::noinline]] void place(Node node) const;  // ... the cases other than an append to a bucket's chunk
  void reserve_nodes(std::size_t n) const {  // room for n nodes plus 4 sentinels from heap()
    if (n + 4 > room_) grow_nodes(n);
  }
  void grow_nodes(std::size_t n) const;
  void skip_cancelled() const;
  void settle() const;                       // fills the hole pop() left, if any
  void sift_up(std::size_t i, Node x) const;
  void remove_root() const;                  // picks the descent for the heap's size
  template <bool kFar>
  void descend() const;                      // remove_root for a heap in cache (false) or beyond it
  void release(std::uint32_t slot) const;
  void compact();                            // drops cancelled nodes when they outnumber live ones
  void heapify() const;
  // The ladder in front of the heap (calendar.cpp explains it). Its buckets
  // are chains of fixed-size chunks from one pool: a drained bucket gives
  // its chunks back, so the ladder holds 16.3 bytes per event it stores plus
  // at most one partly filled chunk per bucket. A chunk is 1 KiB so a cold
  // bucket is read with one dependent miss per 63 events.
  static constexpr std::uint32_t kChunkNodes = 63;
  struct alignas(64) Chunk {  // 1 KiB
    Chunk* next;
    Node nodes[kChunkNodes];
  };
  struct Bucket {  // a handle: copying it copies no node
    Chunk* head = nullptr;
    Chunk* tail = nullptr;
    std::uint32_t fill = kChunkNodes;  // nodes in the tail chunk (full when there is none)
    std::uint32_t size = 0;
  };
  struct Rung {
    std::uint64_t start = 0;  // bucket i holds [start + i << shift, start + (i + 1) << shift)
    std::uint64_t end = 0;    // the last bucket reaches up to end (exclusive)
    int shift = 0;
    std::size_t count = 0;    // buckets in use
    std::size_t next = 0;     // buckets below next are empty and never refilled
    std::vector<Bucket> buckets;
  };
  inline void push(Bucket& b, Node node) const;
  Chunk* take_chunk() const;
  void give_back(Bucket& b) const;           // its chunks return to the pool; b becomes empty
  void heap_insert(Node node) const;         // keeps a sorted run sorted when it can
  void heap_push(Node node) const;           // the heap alone
  void to_ladder() const;                    // the heap grew large: its nodes become the far list
  void refill() const;                       // the heap is empty: load the next non-empty bucket
  void build_rung(std::size_t depth, Bucket source, std::uint64_t lo_time, std::uint64_t hi_time,
                  std::uint64_t end) const;
  void copy_ladder(const EventCalendar& other);

  mutable std::unique_ptr<Node, FreeStorage> storage_;  // 4-ary implicit min-heap, sentinels after the end
  mutable std::size_t capacity_ = 0;        // nodes storage_ holds, padding included
  mutable std::size_t nodes_ = 0;           // nodes in the heap, a pending hole included
  mutable Node* root_ = nullptr;            // heap()[0]: storage_ + kPad + the nodes popped from a sorted run
  mutable std::size_t room_ = 0;            // nodes storage_ holds from root_ on
  mutable bool sorted_ = false;             // the heap is a sorted run: pop() takes its front, no descent
  mutable bool hole_ = false;               // heap()[hole_at_] is empty: pop() defers the refill
  mutable std::size_t hole_at_ = 0;
  mutable std::vector<Slot, detail::LargePageAllocator<Slot>> slots_;  // at most the peak number pending
  mutable std::vector<std::uint32_t> free_slots_;
  mutable Event top_{};                     // what top() returns a reference to
  mutable bool ladder_ = false;             // false: every event is in the heap
  mutable std::uint64_t bottom_end_ = 0;    // ladder: the heap holds exactly the events before this time
  mutable std::vector<Rung> rungs_;         // rungs_[0, depth_) in use; a deeper rung covers earlier times
  mutable std::vector<std::unique_ptr<Chunk[]>> slabs_;  // the chunk pool's storage, kept until clear()
  mutable Chunk* free_chunks_ = nullptr;    // chained through next
  mutable std::size_t depth_ = 0;
  mutable Bucket far_;                      // ladder: events at or after the outermost rung's end (unsorted)
  mutable std::uint64_t far_min_ = ~std::uint64_t{0};
  mutable std::uint64_t far_max_ = 0;
  std::size_t live_ = 0;
  mutable std::size_t cancelled_in_heap_ = 0;  // cancelled events still stored (heap, rungs, far)
  std::uint64_t next_sequence_ = 0;
  std::uint64_t scheduled_ = 0;
  std::uint64_t executed_ = 0;
  std::uint64_t cancelled_ = 0;
};

// The hold pattern (pop, then schedule) runs these on every event: inline,
// so the common case costs no call (the heap repair stays out of line).
inline bool EventCalendar::root_ready() const {
  if (hole_ || nodes_ == 0) return false;
  if (cancelled_in_heap_ == 0) return true;
  return (slots_[detail::slot_of(heap()[0].lo)].tag & 3) != detail::kCancelled;
}

// The hold pattern's schedule: it reuses the slot the last pop() freed.
inline EventId EventCalendar::schedule(Time time, KindClass kind_class, std::uint32_t kind, std::uint32_t entity,
                                       std::uint64_t payload) {
  if (time < 0 || free_slots_.empty() || next_sequence_ >= detail::kMaxSequence)
    return schedule_slow(time, kind_class, kind, entity, payload);
  const std::uint32_t slot = free_slots_.back();  // LIFO: the slot pop() just read (cached)
  free_slots_.pop_back();
  const std::uint64_t sequence = next_sequence_++;
  slots_[slot] = Slot{payload, kind, entity, ((sequence + 1) << 2) | detail::kLive};
  const Node node{static_cast<std::uint64_t>(time),
                  (static_cast<std::uint64_t>(kind_class) << 63) | (sequence << detail::kSlotBits) | slot};
  if (!ladder_ && nodes_ < detail::kLadderAbove) {
    add_to_heap(node);  // the small calendar: the heap alone
  } else {
    insert(node);
  }
  ++scheduled_;
  ++live_;
  return ((sequence + 1) << detail::kSlotBits) | slot;
}

inline const Event& EventCalendar::top() const {
  if (live_ == 0) throw_empty("EventCalendar::top on an empty calendar");
  if (!root_ready()) skip_cancelled();
  const Node root = heap()[0];
  const Slot& s = slots_[detail::slot_of(root.lo)];
  top_ = Event{static_cast<Time>(root.hi), ((root.lo >> 63) << 56) | detail::sequence_of(root.lo), s.kind, s.entity,
               s.payload};
  return top_;
}

inline Event EventCalendar::pop() {
  if (live_ == 0) throw_empty("EventCalendar::pop on an empty calendar");
  if (!root_ready()) skip_cancelled();
  const Node root = heap()[0];
  const std::uint32_t slot = detail::slot_of(root.lo);
  Slot& s = slots_[slot];
  const Event e{static_cast<Time>(root.hi), ((root.lo >> 63) << 56) | detail::sequence_of(root.lo), s.kind, s.entity,
                s.payload};
  s.tag &= ~std::uint64_t{3};  // kFree: the id no longer matches (as release() does)
  free_slots_.push_back(slot);
  if (sorted_) {  // a sorted run's front goes without a descent (remove_root does the same)
    ++root_;
    --room_;
    --nodes_;
    if (detail::kLookahead < nodes_) __builtin_prefetch(&slots_[detail::slot_of(heap()[detail::kLookahead].lo)]);
  } else {
    remove_root();
  }
  --live_;
  ++executed_;
  return e;
}

}  // namespace spoolsim::sim

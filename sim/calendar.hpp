// The event calendar: an exact priority queue with the total order of R1.2:
// (time, kind class, scheduling order). Knows nothing of what events mean.
#pragma once
#include <cstdint>
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

// Returned by schedule(); pass to cancel().
using EventId = std::uint64_t;

class EventCalendar {
 public:
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
  // Heap node: the key of R1.2 and the slot that holds the rest of the event.
  // 24 bytes, so the four children of a node span at most two cache lines.
  struct Node {
    Time time;
    std::uint64_t order;
    std::uint32_t slot;
  };
  // Per pending event: caller's data plus the generation that makes EventIds
  // of recycled slots stale. The slot table never grows beyond the peak
  // number of events in the heap.
  struct Slot {
    std::uint64_t payload;
    std::uint32_t kind;
    std::uint32_t entity;
    std::uint32_t generation;
    std::uint32_t state;  // kFree, kLive or kCancelled
  };

  void skip_cancelled() const;
  void settle() const;                       // fills a pending hole left by pop()
  void sift_up(std::size_t i, Node x) const;
  void remove_root() const;
  void release(std::uint32_t slot) const;
  void compact();                            // drops cancelled nodes when they outnumber live ones

  mutable std::vector<Node> heap_;           // 4-ary implicit min-heap on (time, order)
  mutable std::vector<Slot> slots_;
  mutable std::vector<std::uint32_t> free_slots_;
  mutable Event top_{};                      // what top() returns a reference to
  mutable bool hole_ = false;                // heap_[hole_at_] is empty (pop() defers the refill)
  mutable std::size_t hole_at_ = 0;
  std::size_t live_ = 0;
  mutable std::size_t cancelled_in_heap_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t scheduled_ = 0;
  std::uint64_t executed_ = 0;
  std::uint64_t cancelled_ = 0;
};

}  // namespace spoolsim::sim

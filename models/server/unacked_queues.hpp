// XEP-0198 on the server side: the unacked queue of each zombie or pending
// session (R6.3), resumption (R7.1) and what happens to a queue when its
// session terminates (R7.5).
#pragma once
#include <cstdint>
#include <vector>

#include "models/server/devices.hpp"
#include "models/server/fate_book.hpp"
#include "models/server/fifo_lists.hpp"
#include "models/server/server_fingerprint.hpp"

namespace spoolsim::models {

enum class Termination : std::uint8_t { Timeout, Replacement, QueueOverflow };

// R7.5: what a termination does with the queued messages.
enum class QueueDisposal : std::uint8_t {
  Resend,       // each is routed again
  DropOrBounce, // archived ones dropped, the others bounced (unacked_not_archived)
  BounceAll,    // every one bounced (unacked_other_session; bounce_if_other_session)
};

class UnackedQueues {
 public:
  UnackedQueues(const Devices& devices, FateBook& fates, ServerFingerprint& fingerprint);

  // Each device has the queue of its session and, for a client that takes
  // a new resource at every login (R7.2), that of its orphaned previous
  // session (`orphan` true).
  std::uint32_t size(DeviceId d, bool orphan = false) const { return queues_.size(list(d, orphan)); }
  bool empty(DeviceId d, bool orphan = false) const { return queues_.empty(list(d, orphan)); }

  // Queues m for D's session; true when the queue is now beyond
  // max_ack_queue (R7.5).
  bool enqueue(DeviceId d, MessageId id, sim::Time t, bool orphan = false);
  // R7.5 with overflow_drops_oldest: the oldest queued message leaves the
  // ring unsent and unbounced (the archive may still hold it).
  void drop_oldest(DeviceId d, sim::Time t, bool orphan = false);
  // R7.2: D's session queue becomes its orphan's (which must be empty).
  void orphan(DeviceId d);
  // R7.1: the resumed session receives its queue: `receive(id)` for each.
  template <class Receive>
  void resume(DeviceId d, Receive&& receive);
  // R7.5: what a termination does with the queued messages;
  // `other_available`: R has another available session.
  QueueDisposal disposal(Termination why, bool other_available) const;
  // R7.5 leave_archived_to_mam: D's session queried MAM (it catches up) on
  // a server that then leaves archived unacked messages to the archive.
  bool leaves_archived(DeviceId d) const {
    return devices_.scenario().server.stream_management.leave_archived_to_mam && devices_.catches_up(d);
  }
  // R7.5: empties D's queue; each message is routed again (`route(id)`),
  // dropped or bounced as `how` says, except that an archived message is
  // dropped where leaves_archived(d). Routing may terminate another
  // session's queue (overflow), so this may re-enter.
  template <class Route>
  void terminate(DeviceId d, sim::Time t, QueueDisposal how, Route&& route, bool orphan = false);

 private:
  std::size_t list(DeviceId d, bool orphan) const { return orphan ? devices_count_ + d : d; }

  const Devices& devices_;
  FateBook& fates_;
  ServerFingerprint& fingerprint_;
  std::size_t devices_count_;
  FifoLists<MessageId> queues_;       // per device, then per device's orphan
  std::vector<MessageId> scratch_;    // messages of the terminations under way
};

template <class Receive>
void UnackedQueues::resume(DeviceId d, Receive&& receive) {
  while (!queues_.empty(d)) {
    const MessageId id = queues_.pop_front(d);
    fates_.copy_removed(id);
    receive(id);
  }
}

template <class Route>
void UnackedQueues::terminate(DeviceId d, sim::Time t, QueueDisposal how, Route&& route, bool orphan) {
  // Indexes, not iterators: routing below may terminate another session
  // (overflow), which appends to the same scratch.
  const std::size_t base = scratch_.size();
  const std::size_t l = list(d, orphan);
  const bool leaves = leaves_archived(d);
  while (!queues_.empty(l)) scratch_.push_back(queues_.pop_front(l));
  for (std::size_t i = base; i < scratch_.size(); ++i) {
    const MessageId id = scratch_[i];
    fates_.copy_removed(id);
    const bool archived = devices_.world().message(id).archived();
    if (leaves && archived) {
      fates_.copy_destroyed(id, LossCause::DroppedUnacked, d, t);  // left to the catch-up
    } else if (how == QueueDisposal::Resend) {
      route(id);
    } else if (how == QueueDisposal::BounceAll) {
      fates_.bounced(id, BounceReason::UnackedOtherSession, t);
    } else if (archived) {
      fates_.copy_destroyed(id, LossCause::DroppedUnacked, d, t);  // the archive has it
    } else {
      fates_.bounced(id, BounceReason::UnackedNotArchived, t);
    }
  }
  scratch_.resize(base);
}

}  // namespace spoolsim::models

// XEP-0198 on the server side: unacked queues of zombie and pending sessions
// (R6.3), resumption (R7.1) and termination with unacked messages (R7.5).
#include "models/server/replica.hpp"

namespace spoolsim::models {

void Replica::enqueue(DeviceId d, MessageId id, sim::Time t) {
  queues_.push_back(d, id);
  if (Fate* f = fate_of(id)) ++f->copies;
  // R7.5: a queue beyond max_ack_queue kills the session at once (not a replacement).
  if (queues_.size(d) > scenario_.server.stream_management.max_ack_queue)
    terminate(d, t, Termination::QueueOverflow);
}

// R7.1: the resumed session receives its queue at t.
void Replica::resume(DeviceId d, sim::Time t) {
  while (!queues_.empty(d)) {
    const MessageId id = queues_.pop_front(d);
    if (Fate* f = fate_of(id)) --f->copies;
    receive(d, id, t);
  }
}

// R7.5. For a replacement the caller has already bound the new session, so
// messages routed again reach it at t.
void Replica::terminate(DeviceId d, sim::Time t, Termination why) {
  const UserId r = user_of(d);
  if (why != Termination::Replacement) sessions_[d].state = SessionState::None;
  // Indexes, not iterators: routing below may terminate another session
  // (overflow), which appends to the same scratch.
  const std::size_t base = queue_scratch_.size();
  while (!queues_.empty(d)) queue_scratch_.push_back(queues_.pop_front(d));
  // ejabberd forces resend to false for a queue killed by max_ack_queue
  // (mod_stream_mgmt c2s_handle_send; docs/model-notes.md).
  const ResendOnTimeout mode = why == Termination::QueueOverflow
                                   ? ResendOnTimeout::False
                                   : scenario_.server.stream_management.resend_on_timeout;
  // if_offline is decided once, before the first message is routed.
  const bool resend = mode == ResendOnTimeout::True ||
                      (mode == ResendOnTimeout::IfOffline &&
                       (why == Termination::Replacement || !other_available(r, d)));
  for (std::size_t i = base; i < queue_scratch_.size(); ++i) {
    const MessageId id = queue_scratch_[i];
    if (Fate* f = fate_of(id)) --f->copies;
    if (resend) {
      route(id, t);
    } else if (world_.message(id).archived()) {
      copy_destroyed(id, LossCause::DroppedUnacked, d);  // the archive has it
    } else {
      bounce(id, BounceReason::UnackedNotArchived);
    }
  }
  queue_scratch_.resize(base);
}

}  // namespace spoolsim::models

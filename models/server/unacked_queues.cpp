// XEP-0198 unacked queues: queueing and the resend decision (R6.3, R7.5).
#include "models/server/unacked_queues.hpp"

namespace spoolsim::models {

UnackedQueues::UnackedQueues(const Devices& devices, FateBook& fates, ServerFingerprint& fingerprint)
    : devices_(devices),
      fates_(fates),
      fingerprint_(fingerprint),
      devices_count_(devices.world().devices().size()),
      queues_(2 * devices_count_) {}

bool UnackedQueues::enqueue(DeviceId d, MessageId id, sim::Time t, bool orphan) {
  queues_.push_back(list(d, orphan), id);
  fates_.copy_added(id);
  fingerprint_.enqueued(t, d, id);
  // R7.5: beyond max_ack_queue ejabberd kills the session at once (not a
  // replacement); Prosody's ring drops its oldest entry instead.
  return queues_.size(list(d, orphan)) > devices_.scenario().server.stream_management.max_ack_queue;
}

void UnackedQueues::drop_oldest(DeviceId d, sim::Time t, bool orphan) {
  const MessageId id = queues_.pop_front(list(d, orphan));
  fates_.copy_removed(id);
  fates_.copy_destroyed(id, LossCause::DroppedUnacked, d, t);
}

void UnackedQueues::orphan(DeviceId d) {
  while (!queues_.empty(d)) queues_.push_back(list(d, true), queues_.pop_front(d));
}

QueueDisposal UnackedQueues::disposal(Termination why, bool other_available) const {
  const StreamManagementConfig& sm = devices_.scenario().server.stream_management;
  // ejabberd forces resend to false for a queue killed by max_ack_queue
  // (mod_stream_mgmt c2s_handle_send; docs/model-notes.md).
  const ResendOnTimeout mode = why == Termination::QueueOverflow ? ResendOnTimeout::False : sm.resend_on_timeout;
  // if_offline is decided once, before the first message is routed.
  if (mode == ResendOnTimeout::True) return QueueDisposal::Resend;
  if (mode == ResendOnTimeout::IfOffline) {
    if (why == Termination::Replacement || !other_available) return QueueDisposal::Resend;
    // Prosody's mod_smacks stores offline only for the user's last session;
    // otherwise its delivery/failure handler returns nothing and every
    // message gets recipient-unavailable (plugins/mod_smacks.lua, 13.0.1).
    if (sm.bounce_if_other_session) return QueueDisposal::BounceAll;
  }
  return QueueDisposal::DropOrBounce;
}

}  // namespace spoolsim::models

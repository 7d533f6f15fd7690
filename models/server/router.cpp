// R6: routing a message to the recipient's available sessions or offline.
#include "models/server/replica.hpp"

namespace spoolsim::models {

void Replica::send(MessageId id, sim::Time t) {
  const Message& m = world_.message(id);
  if (!m.has(Message::Counted)) {
    route(id, t);  // R6.1/R6.2: the world has already written the archive entries
    return;
  }
  ledger_.sent(world_.users()[m.recipient].device_mix);
  sending_ = id;
  sending_fate_ = Fate{};
  route(id, t);
  sending_ = FlatMap<Fate>::kEmpty;
  if (!try_settle(id, sending_fate_, t, false)) fates_.insert(id) = sending_fate_;
}

// R6.3/R6.4. Also used for messages routed again at a session termination
// (R7.5): the archive is never written twice.
void Replica::route(MessageId id, sim::Time t) {
  touched_.push_back(id);
  const Message& m = world_.message(id);
  const User& r = world_.users()[m.recipient];
  bool available = false;
  for (DeviceId d = r.first_device; d < r.first_device + r.device_count; ++d) {
    switch (sessions_[d].state) {
      case SessionState::None: break;
      case SessionState::Online:  // received at t (carbons on: every session gets it)
        available = true;
        receive(d, id, t);
        break;
      case SessionState::Zombie:
        available = true;
        if (sessions_[d].stream_management) enqueue(d, id, t);
        else copy_destroyed(id, LossCause::ZombieNoSm, d);  // gone for that session
        break;
      case SessionState::Pending:
        available = true;
        enqueue(d, id, t);
        break;
    }
  }
  if (!available) store_offline(id, t);  // R6.4
}

void Replica::mark_received(DeviceId d, MessageId id, sim::Time t) {
  Fate* f = fate_of(id);
  if (!f) return;  // not counted
  const std::uint64_t bit = std::uint64_t{1} << index_in_user(d);
  if (f->received & bit) {
    ++f->duplicates;  // R10.5
  } else {
    f->received |= bit;
    if (f->first_received == sim::kNever) {
      f->first_received = t;
      f->first_device = d;
    }
  }
  touched_.push_back(id);
}

// D receives m at t by any path; an archived m moves D's cursor (R7.3).
void Replica::receive(DeviceId d, MessageId id, sim::Time t) {
  mark_received(d, id, t);
  if (world_.message(id).archived() && id + std::uint64_t{1} > cursor_end_[d])
    advance_cursor(d, id + std::uint64_t{1}, t);
}

void Replica::bounce(MessageId id, BounceReason reason) {
  Fate* f = fate_of(id);
  if (!f) return;
  if (f->bounce == 0) f->bounce = static_cast<std::uint8_t>(1 + static_cast<int>(reason));
  touched_.push_back(id);
}

void Replica::copy_destroyed(MessageId id, LossCause cause, DeviceId by) {
  Fate* f = fate_of(id);
  if (!f) return;
  f->copy_cause = static_cast<std::uint8_t>(1 + static_cast<int>(cause));
  f->copy_device = by;
  touched_.push_back(id);
}

}  // namespace spoolsim::models

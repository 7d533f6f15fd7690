// R10: deciding each counted message's fate, and R10.6's check.
#include "models/server/fate_book.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace spoolsim::models {

FateBook::FateBook(const Devices& devices, ServerFingerprint& fingerprint)
    : devices_(devices),
      world_(devices.world()),
      fingerprint_(fingerprint),
      ledger_(world_.users().size(), std::max<std::size_t>(1, world_.device_mix_labels().size()),
              std::max<std::size_t>(1, devices.scenario().clients.size())),
      last_connect_(world_.devices().size(), std::numeric_limits<sim::Time>::min()) {}

void FateBook::open_send(MessageId id) {
  ledger_.sent(world_.users()[world_.message(id).recipient].device_mix);
  sending_ = id;
  sending_fate_ = Fate{};
}

void FateBook::close_send(MessageId id, sim::Time t) {
  sending_ = FlatMap<Fate>::kEmpty;
  if (!try_settle(id, sending_fate_, t, false)) fates_.insert(id) = sending_fate_;
}

void FateBook::received(DeviceId d, MessageId id, sim::Time t) {
  Fate* f = find(id);
  if (!f) return;  // not counted
  const std::uint64_t bit = devices_.bit(d);
  if (f->received & bit) {
    ++f->duplicates;  // R10.5
  } else {
    f->received |= bit;
    if (f->first_received == sim::kNever) {
      f->first_received = t;
      f->first_device = d;
    }
  }
  touch(id);
}

void FateBook::bounced(MessageId id, BounceReason reason, sim::Time t) {
  fingerprint_.bounced(t, id, reason);
  Fate* f = find(id);
  if (!f) return;
  if (f->bounce == 0) f->bounce = static_cast<std::uint8_t>(1 + static_cast<int>(reason));
  touch(id);
}

void FateBook::copy_destroyed(MessageId id, LossCause cause, DeviceId by, sim::Time t) {
  fingerprint_.copy_destroyed(t, id, cause, by);
  Fate* f = find(id);
  if (!f) return;
  f->copy_cause = static_cast<std::uint8_t>(1 + static_cast<int>(cause));
  f->copy_device = by;
  touch(id);
}

// R10.3: D lost access to m at the first of retention expiry, passing its
// max age, or the cursor passing m (at_pass, at t). Ties: list order.
void FateBook::cursor_passed(Fate& f, MessageId id, DeviceId d, sim::Time t, LossCause at_pass) {
  const ArchiveAccess access =
      devices_.access(d, world_.message(id).sent).evicted_at(world_.archive_evicted_at(id));
  sim::Time when = t;
  LossCause cause = at_pass;
  if (access.lost_at() <= t) {
    when = access.lost_at();
    cause = access.loss_cause();
  }
  f.passed |= devices_.bit(d);
  if (f.archive_device == kNoDevice || when > f.archive_lost_at) {
    f.archive_lost_at = when;
    f.archive_cause = static_cast<std::uint8_t>(1 + static_cast<int>(cause));
    f.archive_device = d;
  }
  touch(id);
}

// R10.3: some catch-up device of R can still fetch m (ahead of its cursor,
// unexpired, not deleted by the cap, younger than its max age at t).
bool FateBook::archive_reachable(const Fate& f, MessageId id, const Message& m, sim::Time t) const {
  if (!m.archived() || world_.archive_evicted_at(id) <= t) return false;
  const User& r = world_.users()[m.recipient];
  for (unsigned i = 0; i < r.device_count; ++i) {
    const DeviceId d = r.first_device + i;
    if (!devices_.catches_up(d) || ((f.received | f.passed) >> i & 1U)) continue;
    if (devices_.access(d, m.sent).open_at(t)) return true;
  }
  return false;
}

// R10.3's cause rule for a lost message.
void FateBook::loss_cause(const Fate& f, MessageId id, const Message& m, LossCause& cause,
                          DeviceId& device) const {
  const User& r = world_.users()[m.recipient];
  if (m.has(Message::MeantToArchive) && devices_.user_has_catchup(m.recipient)) {
    // The archive path decides.
    if (m.has(Message::ArchiveFailed)) {
      cause = LossCause::ArchiveFailure;
      device = kNoDevice;
      for (unsigned i = 0; i < r.device_count && device == kNoDevice; ++i)
        if (devices_.catches_up(r.first_device + i)) device = r.first_device + i;
      return;
    }
    // The catch-up device that lost access last decides; devices whose
    // cursor never passed m lost it to retention or max age.
    sim::Time when = f.archive_lost_at;
    cause = static_cast<LossCause>(f.archive_cause ? f.archive_cause - 1 : 0);
    device = f.archive_device;
    const sim::Time evicted = world_.archive_evicted_at(id);
    for (unsigned i = 0; i < r.device_count; ++i) {
      const DeviceId d = r.first_device + i;
      if (!devices_.catches_up(d) || (f.passed >> i & 1U)) continue;
      const ArchiveAccess access = devices_.access(d, m.sent).evicted_at(evicted);
      if (device == kNoDevice || access.lost_at() > when) {
        when = access.lost_at();
        cause = access.loss_cause();
        device = d;
      }
    }
    return;
  }
  if (f.copy_cause == 0)
    throw std::logic_error("internal error: message " + std::to_string(id) +
                           " lost without a destroyed copy (R10.3)");
  cause = static_cast<LossCause>(f.copy_cause - 1);
  device = f.copy_device;
}

// Decides m's fate if nothing can change it any more (or at the horizon).
bool FateBook::try_settle(MessageId id, Fate& f, sim::Time t, bool at_horizon) {
  if (f.copies > 0 && !at_horizon) return false;  // the common undecided case, without a look at m
  const Message& m = world_.message(id);
  const bool holds = f.copies > 0 || archive_reachable(f, id, m, t);
  if (holds && !at_horizon) return false;
  settle(id, f, m, t, holds, at_horizon);
  return true;
}

// m's fate: `holds` is whether a copy or a fetchable archive entry remains (R10.4).
void FateBook::settle(MessageId id, const Fate& f, const Message& m, sim::Time t, bool holds,
                      bool at_horizon) {
  const User& r = world_.users()[m.recipient];
  const std::uint16_t mix = r.device_mix;
  // Fates without a deciding session are shown under R's first device.
  const auto profile_or_first = [&](DeviceId d) {
    return devices_.profile_index(d == kNoDevice ? r.first_device : d);
  };
  Ledger::LogEntry log;
  MessageFate& fate = log.fate;
  fate.first_received = f.first_received;
  fate.duplicates = f.duplicates;
  std::uint32_t detail = 0;
  if (f.first_received != sim::kNever) {  // R10.1
    bool failed = false;
    std::uint64_t missing = 0;
    for (unsigned i = 0; i < r.device_count; ++i) {
      if (f.received >> i & 1U) continue;
      if (last_connect_[r.first_device + i] > m.sent) failed = true;
      else missing |= std::uint64_t{1} << i;
    }
    if (at_horizon) missing = 0;  // nobody connects after the horizon
    fate.kind = FateKind::Delivered;
    fate.decider = f.first_device;
    log.missing = missing;
    log.failed = failed;
    ledger_.delivered(m.recipient, mix, devices_.profile_index(f.first_device),
                      f.first_received - m.sent, f.duplicates, failed, missing);
  } else if (f.bounce != 0) {  // R10.2
    fate.kind = FateKind::Bounced;
    fate.bounce = static_cast<BounceReason>(f.bounce - 1);
    fate.decider = kNoDevice;
    detail = static_cast<std::uint32_t>(fate.bounce);
    ledger_.bounced(mix, profile_or_first(kNoDevice), fate.bounce);
  } else if (holds) {  // R10.4, at the horizon only
    fate.kind = FateKind::Pending;
    ledger_.pending(mix, profile_or_first(kNoDevice));
  } else {  // R10.3
    fate.kind = FateKind::Lost;
    loss_cause(f, id, m, fate.cause, fate.decider);
    detail = static_cast<std::uint32_t>(fate.cause);
    ledger_.lost(mix, profile_or_first(fate.decider), fate.cause);
  }
  fingerprint_.fate(t, id, static_cast<std::uint32_t>(fate.kind), detail, fate.decider);
  if (ledger_.log_enabled()) ledger_.log(id, log);
}

void FateBook::settle_touched(sim::Time t) {
  for (std::size_t i = 0; i < touched_.size(); ++i) {
    const MessageId id = touched_[i];
    Fate* f = fates_.find(id);
    if (f && try_settle(id, *f, t, false)) fates_.erase(id);
  }
  touched_.clear();
}

void FateBook::sweep(sim::Time t) {
  fates_.for_each([&](std::uint32_t id, const Fate& f) {
    if (f.copies == 0) touch(id);
  });
  settle_touched(t);
  sweep_above_ = 2 * fates_.size() + 4096;
  next_sweep_ = t + sim::kDay;
}

void FateBook::horizon(sim::Time t, StrategyKind strategy) {
  settle_touched(t);
  fates_.for_each([&](std::uint32_t id, Fate& f) { try_settle(id, f, t, true); });
  fates_ = FlatMap<Fate>();
  ledger_.finish();
  check_identity(strategy);
}

// R10.6, checked at the end of every run.
void FateBook::check_identity(StrategyKind strategy) const {
  const auto fail = [&](const std::string& where, const OutcomeCounts& c) {
    throw std::logic_error("internal error: R10.6 violated for strategy " +
                           std::string(to_string(strategy)) + " (" + where +
                           "): sent=" + std::to_string(c.sent) + " delivered=" +
                           std::to_string(c.delivered) + " bounced=" + std::to_string(c.bounced) +
                           " lost=" + std::to_string(c.lost) + " pending=" +
                           std::to_string(c.pending));
  };
  if (!ledger_.totals().consistent()) fail("totals", ledger_.totals());
  OutcomeCounts mixes, profiles;
  for (const auto& c : ledger_.by_mix()) {
    if (!c.consistent()) fail("device mix", c);
    mixes.add(c);
  }
  for (const auto& c : ledger_.by_profile()) {
    if (!c.consistent()) fail("profile", c);
    profiles.add(c);
  }
  if (mixes.sent != ledger_.totals().sent || profiles.sent != ledger_.totals().sent ||
      mixes.lost != ledger_.totals().lost || profiles.lost != ledger_.totals().lost)
    fail("breakdowns do not add up", ledger_.totals());
}

std::optional<MessageFate> FateBook::fate(MessageId id) const {
  const Ledger::LogEntry* e = ledger_.logged(id);
  if (!e) return std::nullopt;
  MessageFate f = e->fate;
  if (f.kind == FateKind::Delivered) {
    // R10.1, evaluated now: no device without m connected after the send.
    bool all = !e->failed;
    const Message& m = world_.message(id);
    const User& user = world_.users()[m.recipient];
    for (unsigned i = 0; i < user.device_count && all; ++i)
      if ((e->missing >> i & 1U) && last_connect_[user.first_device + i] > m.sent) all = false;
    f.delivered_all_devices = all;
  }
  return f;
}

}  // namespace spoolsim::models

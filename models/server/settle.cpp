// R10: deciding each counted message's fate, R10.6's check, and the
// replica's results (R11, R12).
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "models/server/replica.hpp"

namespace spoolsim::models {

namespace {
sim::Time saturating_add(sim::Time a, sim::Duration b) {
  return a > sim::kNever - b ? sim::kNever : a + b;
}
}  // namespace

// R10.3: some catch-up device of R can still fetch m (ahead of its cursor,
// unexpired, younger than its max age at t).
bool Replica::archive_reachable(const Fate& f, const Message& m, sim::Time t) const {
  if (!m.archived()) return false;
  const User& r = world_.users()[m.recipient];
  const ArchiveEntry entry{0, m.sent, m.readable_at};
  for (unsigned i = 0; i < r.device_count; ++i) {
    const DeviceId d = r.first_device + i;
    if (!catches_up(d) || ((f.received | f.passed) >> i & 1U)) continue;
    if (world_.archive_entry_alive(entry, t) &&
        saturating_add(m.sent, profile(d).catchup_max_age) >= t)
      return true;
  }
  return false;
}

// R10.3's cause rule for a lost message.
void Replica::loss_cause(const Fate& f, const Message& m, LossCause& cause, DeviceId& device) const {
  const User& r = world_.users()[m.recipient];
  if (m.has(Message::MeantToArchive) && user_has_catchup(m.recipient)) {
    // The archive path decides.
    if (m.has(Message::ArchiveFailed)) {
      cause = LossCause::ArchiveFailure;
      device = kNoDevice;
      for (unsigned i = 0; i < r.device_count && device == kNoDevice; ++i)
        if (catches_up(r.first_device + i)) device = r.first_device + i;
      return;
    }
    // The catch-up device that lost access last decides; devices whose
    // cursor never passed m lost it to retention or max age.
    sim::Time when = f.archive_lost_at;
    cause = static_cast<LossCause>(f.archive_cause ? f.archive_cause - 1 : 0);
    device = f.archive_device;
    for (unsigned i = 0; i < r.device_count; ++i) {
      const DeviceId d = r.first_device + i;
      if (!catches_up(d) || (f.passed >> i & 1U)) continue;
      sim::Time lost_at = saturating_add(m.sent, profile(d).catchup_max_age);
      LossCause c = LossCause::CatchupLimit;
      if (scenario_.server.mam.retention > 0) {
        const sim::Time expired = saturating_add(m.sent, scenario_.server.mam.retention);
        if (expired <= lost_at) {
          lost_at = expired;
          c = LossCause::ExpiredArchive;
        }
      }
      if (device == kNoDevice || lost_at > when) {
        when = lost_at;
        cause = c;
        device = d;
      }
    }
    return;
  }
  if (f.copy_cause == 0)
    throw std::logic_error("internal error: message " + std::to_string(&m - &world_.message(0)) +
                           " lost without a destroyed copy (R10.3)");
  cause = static_cast<LossCause>(f.copy_cause - 1);
  device = f.copy_device;
}

// Decides m's fate if nothing can change it any more (or at the horizon).
bool Replica::try_settle(MessageId id, Fate& f, sim::Time t, bool at_horizon) {
  const Message& m = world_.message(id);
  const bool holds = f.copies > 0 || archive_reachable(f, m, t);
  if (holds && !at_horizon) return false;
  const User& r = world_.users()[m.recipient];
  const std::uint16_t mix = r.device_mix;
  // Fates without a deciding session are shown under R's first device.
  const auto profile_or_first = [&](DeviceId d) {
    return profile_index(d == kNoDevice ? r.first_device : d);
  };
  Ledger::LogEntry log;
  MessageFate& fate = log.fate;
  fate.first_received = f.first_received;
  fate.duplicates = f.duplicates;
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
    ledger_.delivered(m.recipient, mix, profile_index(f.first_device), f.first_received - m.sent,
                      f.duplicates, failed, missing);
  } else if (f.bounce != 0) {  // R10.2
    fate.kind = FateKind::Bounced;
    fate.bounce = static_cast<BounceReason>(f.bounce - 1);
    fate.decider = kNoDevice;
    ledger_.bounced(mix, profile_or_first(kNoDevice), fate.bounce);
  } else if (holds) {  // R10.4, at the horizon only
    fate.kind = FateKind::Pending;
    ledger_.pending(mix, profile_or_first(kNoDevice));
  } else {  // R10.3
    fate.kind = FateKind::Lost;
    loss_cause(f, m, fate.cause, fate.decider);
    ledger_.lost(mix, profile_or_first(fate.decider), fate.cause);
  }
  if (ledger_.log_enabled()) ledger_.log(id, log);
  return true;
}

void Replica::settle_touched(sim::Time t) {
  for (std::size_t i = 0; i < touched_.size(); ++i) {
    const MessageId id = touched_[i];
    Fate* f = fates_.find(id);
    if (f && try_settle(id, *f, t, false)) fates_.erase(id);
  }
  touched_.clear();
}

void Replica::sweep(sim::Time t) {
  fates_.for_each([&](std::uint32_t id, const Fate& f) {
    if (f.copies == 0) touched_.push_back(id);
  });
  settle_touched(t);
  sweep_size_ = fates_.size();
  next_sweep_ = t + sim::kDay;
}

void Replica::horizon(sim::Time t) {
  fates_.for_each([&](std::uint32_t id, Fate& f) { try_settle(id, f, t, true); });
  fates_ = FlatMap<Fate>();
  ledger_.finish();
  finished_ = true;
  check_identity();
}

// R10.6, checked at the end of every run.
void Replica::check_identity() const {
  const auto fail = [&](const std::string& where, const OutcomeCounts& c) {
    throw std::logic_error("internal error: R10.6 violated for strategy " +
                           std::string(to_string(kind_)) + " (" + where +
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

LiveStrategy Replica::live(sim::Time now) const {
  LiveStrategy s;
  s.strategy = kind_;
  s.so_far = ledger_.totals();
  if (!finished_) {  // pending = not yet decided
    const OutcomeCounts& c = s.so_far;
    s.so_far.pending = c.sent - c.delivered - c.bounced - c.lost;
  }
  s.spool_rows = spool_meter_.rows();
  s.archive_rows = world_.archive_rows(now);
  return s;
}

StrategyResult Replica::result() const {
  if (!finished_) throw std::logic_error("internal error: result() before the horizon");
  StrategyResult out;
  out.strategy = kind_;
  out.outcomes = ledger_.totals();
  out.latency_us = ledger_.latency();
  out.spool = spool_meter_.stats();
  out.archive = world_.archive_storage(scenario_.horizon);
  out.archive.ops[static_cast<std::size_t>(StoreOp::CatchupRead)] +=
      archive_reads_.stats().ops[static_cast<std::size_t>(StoreOp::CatchupRead)];
  out.cost_per_month_per_1000_users = monthly_cost_per_1000_users(
      out.spool, out.archive, scenario_.prices,
      scenario_.horizon - scenario_.drain - scenario_.warmup,
      static_cast<std::uint32_t>(world_.users().size()));
  const auto& labels = world_.device_mix_labels();
  for (std::size_t i = 0; i < ledger_.by_mix().size(); ++i)
    out.by_recipient_mix.push_back(
        GroupOutcome{i < labels.size() ? labels[i] : std::string("all"), ledger_.by_mix()[i]});
  std::sort(out.by_recipient_mix.begin(), out.by_recipient_mix.end(),
            [](const GroupOutcome& a, const GroupOutcome& b) { return a.label < b.label; });
  for (std::size_t i = 0; i < ledger_.by_profile().size(); ++i)
    out.by_profile.push_back(GroupOutcome{
        i < scenario_.clients.size() ? scenario_.clients[i].name : std::string("none"),
        ledger_.by_profile()[i]});
  return out;
}

}  // namespace spoolsim::models

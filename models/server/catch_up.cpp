// R7.3: MAM catch-up on a new session, and the per-device cursor.
#include <algorithm>
#include <limits>

#include "models/server/replica.hpp"

namespace spoolsim::models {

namespace {
constexpr std::uint32_t kPageSize = 50;  // RSM default page (mod_mam DEF_PAGE_SIZE)

sim::Time saturating_add(sim::Time a, sim::Duration b) {
  return a > sim::kNever - b ? sim::kNever : a + b;
}
// t - catchup_max_age, without overflow for huge ages.
sim::Time oldest_fetchable(sim::Time t, sim::Duration max_age) {
  return max_age >= t ? std::numeric_limits<sim::Time>::min() : t - max_age;
}
}  // namespace

// An entry D's catch-up at t may return, cursor aside: readable, unexpired,
// not older than t - catchup_max_age.
bool Replica::eligible(DeviceId d, const ArchiveEntry& e, sim::Time t) const {
  return e.readable_at <= t && world_.archive_entry_alive(e, t) &&
         e.archived_at >= oldest_fetchable(t, profile(d).catchup_max_age);
}

// The entries D's catch-up at t fetches from `cursor_end` on, ascending.
void Replica::plan_catch_up(DeviceId d, sim::Time t, std::uint64_t cursor_end,
                            std::vector<MessageId>& fetched) const {
  fetched.clear();
  const ClientProfile& p = profile(d);
  if (p.catchup_max_messages == 0) return;
  const auto archive = world_.archive_of(user_of(d));
  auto first = std::lower_bound(archive.begin(), archive.end(), cursor_end,
                                [](const ArchiveEntry& e, std::uint64_t end) { return e.message < end; });
  const sim::Time oldest = oldest_fetchable(t, p.catchup_max_age);
  first = std::lower_bound(first, archive.end(), oldest,
                           [](const ArchiveEntry& e, sim::Time at) { return e.archived_at < at; });
  if (p.catchup_order == CatchupOrder::Forward) {
    for (auto it = first; it != archive.end(); ++it) {
      if (!eligible(d, *it, t)) continue;
      fetched.push_back(it->message);
      if (fetched.size() == p.catchup_max_messages) break;
    }
  } else {
    for (auto it = archive.end(); it != first;) {
      --it;
      if (!eligible(d, *it, t)) continue;
      fetched.push_back(it->message);
      if (fetched.size() == p.catchup_max_messages) break;
    }
    std::reverse(fetched.begin(), fetched.end());
  }
}

void Replica::catch_up(DeviceId d, sim::Time t) {
  plan_catch_up(d, t, cursor_end_[d], fetched_);
  // One read per result page, at least one query per catch-up.
  const std::uint64_t pages = std::max<std::uint64_t>(1, (fetched_.size() + kPageSize - 1) / kPageSize);
  archive_reads_.op(t, StoreOp::CatchupRead, pages);
  if (fetched_.empty()) return;
  for (const MessageId id : fetched_) mark_received(d, id, t);
  // Backward: eligible entries older than the oldest fetched were skipped by
  // the count limit, for good.
  const MessageId limit_below =
      profile(d).catchup_order == CatchupOrder::Backward ? fetched_.front() : 0;
  advance_cursor(d, fetched_.back() + std::uint64_t{1}, t, limit_below);
}

void Replica::advance_cursor(DeviceId d, std::uint64_t new_end, sim::Time t, MessageId limit_below) {
  const std::uint64_t old_end = cursor_end_[d];
  if (new_end <= old_end) return;
  cursor_end_[d] = new_end;
  if (!catches_up(d)) return;  // only catch-up devices have archive access to lose
  const std::uint64_t bit = std::uint64_t{1} << index_in_user(d);
  const auto archive = world_.archive_of(user_of(d));
  auto it = std::lower_bound(archive.begin(), archive.end(), old_end,
                             [](const ArchiveEntry& e, std::uint64_t end) { return e.message < end; });
  for (; it != archive.end() && it->message < new_end; ++it) {
    Fate* f = fate_of(it->message);
    if (!f || ((f->received | f->passed) & bit)) continue;
    const LossCause at_pass = it->message < limit_below && eligible(d, *it, t)
                                  ? LossCause::CatchupLimit
                                  : LossCause::CatchupGap;
    pass(*f, world_.message(it->message), d, t, at_pass);
    touched_.push_back(it->message);
  }
}

// R10.3: D lost access to m at the first of retention expiry, passing its
// max age, or the cursor passing m (at_pass, at t). Ties: list order.
void Replica::pass(Fate& f, const Message& m, DeviceId d, sim::Time t, LossCause at_pass) const {
  sim::Time when = t;
  LossCause cause = at_pass;
  const sim::Time aged = saturating_add(m.sent, profile(d).catchup_max_age);
  if (aged < when || (aged == when && at_pass == LossCause::CatchupGap)) {
    when = aged;
    cause = LossCause::CatchupLimit;
  }
  if (scenario_.server.mam.retention > 0) {
    const sim::Time expired = saturating_add(m.sent, scenario_.server.mam.retention);
    if (expired <= when) {
      when = expired;
      cause = LossCause::ExpiredArchive;
    }
  }
  f.passed |= std::uint64_t{1} << index_in_user(d);
  if (f.archive_device == kNoDevice || when > f.archive_lost_at) {
    f.archive_lost_at = when;
    f.archive_cause = static_cast<std::uint8_t>(1 + static_cast<int>(cause));
    f.archive_device = d;
  }
}

}  // namespace spoolsim::models

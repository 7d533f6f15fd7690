// R7.3: MAM catch-up on a new session, and the per-device cursor.
#include "models/server/catch_up.hpp"

#include <algorithm>

namespace spoolsim::models {

namespace {
constexpr std::uint32_t kPageSize = 50;  // RSM default page (mod_mam DEF_PAGE_SIZE)
}  // namespace

CatchUp::CatchUp(const Devices& devices, FateBook& fates, ServerFingerprint& fingerprint)
    : devices_(devices),
      fates_(fates),
      fingerprint_(fingerprint),
      cursor_end_(devices.world().devices().size(), 0),
      archived_end_(devices.world().users().size(), 0),
      reads_(devices.scenario().warmup, devices.scenario().horizon - devices.scenario().drain) {}

std::span<const MessageId> CatchUp::plan(DeviceId d, sim::Time t) {
  plan_into(d, t);
  return fetched_;
}

void CatchUp::compute_plan(DeviceId d, sim::Time t) {
  const ClientProfile& p = devices_.profile(d);
  if (p.catchup_max_messages == 0) return;
  const auto archive = devices_.world().archive_of(devices_.user_of(d), as_of_);
  const std::uint64_t end = cursor_end_[d];
  if (archive.empty() || archive.back().message < end) return;  // nothing past the cursor (the common case)
  auto first = std::lower_bound(archive.begin(), archive.end(), end,
                                [](const ArchiveEntry& e, std::uint64_t cursor) { return e.message < cursor; });
  // Entries D has lost access to at t are a prefix (archive-time order).
  first = std::partition_point(first, archive.end(), [&](const ArchiveEntry& e) {
    return !devices_.access(p, e.archived_at).open_at(t);
  });
  if (p.catchup_order == CatchupOrder::Forward) {
    for (auto it = first; it != archive.end(); ++it) {
      if (!eligible(p, *it, t)) continue;
      fetched_.push_back(it->message);
      if (fetched_.size() == p.catchup_max_messages) break;
    }
  } else {
    for (auto it = archive.end(); it != first;) {
      --it;
      if (!eligible(p, *it, t)) continue;
      fetched_.push_back(it->message);
      if (fetched_.size() == p.catchup_max_messages) break;
    }
    std::reverse(fetched_.begin(), fetched_.end());
  }
}

void CatchUp::run(DeviceId d, sim::Time t) {
  plan_into(d, t);
  // One read per result page, at least one query per catch-up.
  const std::uint64_t pages = std::max<std::uint64_t>(1, (fetched_.size() + kPageSize - 1) / kPageSize);
  reads_.op(t, StoreOp::CatchupRead, pages);
  fingerprint_.catch_up(t, d, fetched_.size());
  if (fetched_.empty()) return;
  for (const MessageId id : fetched_) {
    fingerprint_.received(t, d, id);
    fates_.received(d, id, t);
  }
  // Backward: eligible entries older than the oldest fetched were skipped by
  // the count limit, for good.
  const MessageId limit_below =
      devices_.profile(d).catchup_order == CatchupOrder::Backward ? fetched_.front() : 0;
  advance(d, fetched_.back() + std::uint64_t{1}, t, limit_below, fetched_);
}

void CatchUp::advance(DeviceId d, std::uint64_t new_end, sim::Time t, MessageId limit_below,
                      std::span<const MessageId> received) {
  const std::uint64_t old_end = cursor_end_[d];
  if (new_end <= old_end) return;
  cursor_end_[d] = new_end;
  if (!devices_.catches_up(d)) return;  // only catch-up devices have archive access to lose
  const std::uint64_t bit = devices_.bit(d);
  const auto archive = devices_.world().archive_of(devices_.user_of(d), as_of_);
  auto it = std::lower_bound(archive.begin(), archive.end(), old_end,
                             [](const ArchiveEntry& e, std::uint64_t end) { return e.message < end; });
  auto skip = received.begin();
  for (; it != archive.end() && it->message < new_end; ++it) {
    while (skip != received.end() && *skip < it->message) ++skip;
    if (skip != received.end() && *skip == it->message) continue;  // received: not passed
    Fate* f = fates_.find(it->message);
    if (!f || ((f->received | f->passed) & bit)) continue;
    const LossCause at_pass = it->message < limit_below && eligible(devices_.profile(d), *it, t)
                                  ? LossCause::CatchupLimit
                                  : LossCause::CatchupGap;
    fates_.cursor_passed(*f, it->message, d, t, at_pass);
  }
}

}  // namespace spoolsim::models

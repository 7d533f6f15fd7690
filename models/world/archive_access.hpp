// When a catch-up device loses access to an archive entry (R7.3, R9.2,
// R10.3; R6.1's per-user cap ends it early): the one rule used by the
// world (retention, pruning), the catch-up
// (what it may fetch, what the cursor passes) and fate settling (whether an
// entry can still be fetched, which loss cause applies).
#pragma once

#include "models/outcomes/results.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

struct ArchiveAccess {
  sim::Time aged = sim::kNever;     // last instant not older than catchup_max_age
  sim::Time expired = sim::kNever;  // retention removes the entry at this instant (R9.2)

  // A catch-up at t may return the entry (cursor and archive lag aside).
  bool open_at(sim::Time t) const { return t <= aged && t < expired; }
  // R10.3: the first of retention expiry and passing the max age; on a tie
  // retention comes first (the rule's list order).
  sim::Time lost_at() const { return expired <= aged ? expired : aged; }
  LossCause loss_cause() const {
    return expired <= aged ? LossCause::ExpiredArchive : LossCause::CatchupLimit;
  }
  // The entry was deleted at `at` to make room (mam.max_user_messages, R6.1):
  // gone from then on, like an expired one.
  ArchiveAccess evicted_at(sim::Time at) const {
    ArchiveAccess a = *this;
    if (at < a.expired) a.expired = at;
    return a;
  }
};

// An entry archived at `archived_at` for a device whose profile has
// `max_age` (kNoAgeLimit or kNever: none), on a server with `retention`
// (0 or less: kept for ever). Sums saturate at kNever.
constexpr ArchiveAccess archive_access(sim::Time archived_at, sim::Duration max_age,
                                       sim::Duration retention) {
  const auto later = [archived_at](sim::Duration d) {
    return archived_at > sim::kNever - d ? sim::kNever : archived_at + d;
  };
  return ArchiveAccess{later(max_age), retention > 0 ? later(retention) : sim::kNever};
}

}  // namespace spoolsim::models

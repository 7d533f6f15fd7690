// The spool of one replica: storing (R6.4), flushing (R7.2), strategy
// purges (R8) and TTL expiry (R9.1), with storage accounting (R11.1).
#include <algorithm>

#include "models/server/replica.hpp"

namespace spoolsim::models {

void Replica::spool_op(sim::Time t, StoreOp kind, UserId u, std::uint32_t rows, std::uint64_t bytes) {
  spool_meter_.op(t, kind);
  if (trace_) trace_->record(replication_, kind_, SpoolOperation{t, kind, u, rows, bytes});
}

// R6.4: R has no available session.
void Replica::store_offline(MessageId id, sim::Time t) {
  const Message& m = world_.message(id);
  const OfflineConfig& off = scenario_.server.offline;
  if (!off.enabled) return bounce(id, BounceReason::OfflineDisabled);
  if (m.has(Message::NoStore)) return bounce(id, BounceReason::NoStore);
  const UserId r = m.recipient;
  // One count query per limit check; an unlimited spool (module default) is
  // never counted, as mod_offline skips the query for `infinity`.
  if (off.max_user_messages != kUnlimited) spool_op(t, StoreOp::Count, r, spool_.size(r), 0);
  if (spool_.size(r) >= off.max_user_messages) return bounce(id, BounceReason::SpoolFull);
  // use_mam_for_storage: an archived message is a pointer row (model simplification).
  const std::uint32_t bytes = off.use_mam_for_storage && m.archived()
                                  ? off.row_overhead_bytes
                                  : m.size_bytes + off.row_overhead_bytes;
  const std::uint64_t seq = ++spool_seq_;
  spool_.push_back(r, SpoolEntry{id, bytes, t, seq});
  spool_meter_.change(t, 1, bytes);
  spool_op(t, StoreOp::Insert, r, 1, bytes);
  if (off.ttl > 0) expiry_.push_back(SpoolExpiry{t + off.ttl, r, seq});
  if (Fate* f = fate_of(id)) ++f->copies;
}

// R7.2: initial presence with priority >= 0 pops the whole spool to D
// (one pop operation per flush, even when empty: ejabberd always queries).
void Replica::flush(DeviceId d, sim::Time t) {
  const UserId r = user_of(d);
  const std::uint32_t rows = spool_.size(r);
  std::uint64_t bytes = 0;
  while (!spool_.empty(r)) {
    const SpoolEntry e = spool_.pop_front(r);
    bytes += e.bytes;
    spool_meter_.change(t, -1, -static_cast<std::int64_t>(e.bytes));
    if (Fate* f = fate_of(e.message)) --f->copies;
    receive(d, e.message, t);
  }
  spool_op(t, StoreOp::Pop, r, rows, bytes);
}

// R8: remove the selected entries of R's spool without sending them.
void Replica::purge(DeviceId d, sim::Time t, PurgeSelection which) {
  const UserId r = user_of(d);
  std::uint64_t cursor_after_flush = 0;
  if (which == PurgeSelection::FetchedByCatchUp) {
    plan_catch_up(d, t, cursor_end_[d], fetched_);
    // The flush of what stays moves D's cursor past any archived entry it
    // holds; planned entries below that point would then not be fetched, so
    // they stay too (one step reaches the fixed point: docs/model-notes.md).
    cursor_after_flush = cursor_end_[d];
    spool_.for_each(r, [&](const SpoolEntry& e) {
      if (world_.message(e.message).archived() &&
          !std::binary_search(fetched_.begin(), fetched_.end(), e.message))
        cursor_after_flush = std::max<std::uint64_t>(cursor_after_flush, e.message + std::uint64_t{1});
    });
  }
  std::uint32_t rows = 0;
  std::uint64_t bytes = 0;
  spool_.remove_if(r, [&](const SpoolEntry& e) {
    bool remove = true;
    if (which != PurgeSelection::All) {
      remove = std::binary_search(fetched_.begin(), fetched_.end(), e.message) &&
               (which != PurgeSelection::FetchedByCatchUp || e.message >= cursor_after_flush);
    }
    if (!remove) return false;
    ++rows;
    bytes += e.bytes;
    spool_meter_.change(t, -1, -static_cast<std::int64_t>(e.bytes));
    if (Fate* f = fate_of(e.message)) --f->copies;
    // Entries deferred deletes were received through catch-up: no loss cause.
    if (which != PurgeSelection::ReceivedThroughCatchUp)
      copy_destroyed(e.message, LossCause::PurgedOnBind2, d);
    else
      touched_.push_back(e.message);
    return true;
  });
  // purge_all / purge_if_archiving issue their DELETE unconditionally; the
  // selective purges only when they remove something.
  if (which == PurgeSelection::All || rows > 0) spool_op(t, StoreOp::DeleteByPurge, r, rows, bytes);
}

// R9.1: entries older than offline.ttl leave at their own expiry time.
void Replica::expire_spool(sim::Time t) {
  while (!expiry_.empty() && expiry_.front().at < t) {
    const SpoolExpiry x = expiry_.front();
    expiry_.pop_front();
    // Entries of a user are in stored_at order, so an entry still present is the oldest.
    if (spool_.empty(x.user) || spool_.front(x.user).seq != x.seq) continue;  // already gone
    const SpoolEntry e = spool_.pop_front(x.user);
    spool_meter_.change(x.at, -1, -static_cast<std::int64_t>(e.bytes));
    if (Fate* f = fate_of(e.message)) --f->copies;
    copy_destroyed(e.message, LossCause::ExpiredSpool, kNoDevice);
  }
}

}  // namespace spoolsim::models

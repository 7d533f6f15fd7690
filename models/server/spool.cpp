// The spool of one replica: storing (R6.4), strategy purges (R8) and TTL
// expiry (R9.1), with storage accounting (R11.1).
#include "models/server/spool.hpp"

#include <algorithm>

namespace spoolsim::models {

Spool::Spool(const Devices& devices, FateBook& fates, ServerFingerprint& fingerprint, SpoolTrace trace)
    : devices_(devices),
      config_(devices.scenario().server.offline),
      fates_(fates),
      fingerprint_(fingerprint),
      trace_(trace),
      entries_(devices.world().users().size()),
      meter_(devices.scenario().warmup, devices.scenario().horizon - devices.scenario().drain) {
  meter_.sample_occupancy(devices.scenario().horizon, kOccupancyPoints);
}

void Spool::traced(const SpoolOperation& op) const {
  trace_.sink->record(trace_.replication, trace_.strategy, op);
}

void Spool::store(MessageId id, sim::Time t) {
  const Message& m = devices_.world().message(id);
  if (!config_.enabled) {
    // R6.4: an archived message is handled by the archive, so the sender gets
    // no error (Prosody mod_mam's message/offline/handle hook; ejabberd
    // mod_mam:offline_message returns `archived`, which ejabberd_sm's bounce
    // ignores). Only a catch-up can still deliver it.
    if (m.archived()) return fates_.copy_destroyed(id, LossCause::NotSpooled, kNoDevice, t);
    return fates_.bounced(id, BounceReason::OfflineDisabled, t);
  }
  // R6.4: ejabberd's mod_offline refuses a <no-store/> message; Prosody 13's
  // checks no hints and spools it (only its mod_mam skips it).
  if (m.has(Message::NoStore) && config_.honour_no_store) return fates_.bounced(id, BounceReason::NoStore, t);
  const UserId r = m.recipient;
  // One count query per limit check; an unlimited spool (module default) is
  // never counted, as mod_offline skips the query for `infinity`.
  if (config_.max_user_messages != kUnlimited) op(t, StoreOp::Count, r, entries_.size(r), 0);
  if (entries_.size(r) >= config_.max_user_messages) {
    // R6.4: Prosody's mod_mam marks an archived message handled when the
    // full store refuses it (message/offline/handle, as with no store).
    if (m.archived() && !config_.full_store_bounces_archived)
      return fates_.copy_destroyed(id, LossCause::NotSpooled, kNoDevice, t);
    return fates_.bounced(id, BounceReason::SpoolFull, t);
  }
  // use_mam_for_storage: an archived message is a pointer row (model simplification).
  const std::uint32_t bytes = config_.use_mam_for_storage && m.archived()
                                  ? config_.row_overhead_bytes
                                  : m.size_bytes + config_.row_overhead_bytes;
  const std::uint64_t seq = ++seq_;
  entries_.push_back(r, SpoolEntry{id, bytes, t, seq});
  meter_.change(t, 1, bytes);
  op(t, StoreOp::Insert, r, 1, bytes);
  if (config_.ttl > 0) {
    if (expiry_.empty()) next_expiry_ = t + config_.ttl;
    expiry_.push_back(SpoolExpiry{t + config_.ttl, r, seq});
  }
  fates_.copy_added(id);
}

std::uint64_t Spool::cursor_after_flush(UserId r, std::span<const MessageId> fetched,
                                        std::uint64_t cursor_end) const {
  // The flush of what stays moves D's cursor past any archived entry it
  // holds; planned entries below that point would then not be fetched, so
  // they stay too (one step reaches the fixed point: docs/model-notes.md).
  std::uint64_t end = cursor_end;
  entries_.for_each(r, [&](const SpoolEntry& e) {
    if (devices_.world().message(e.message).archived() &&
        !std::binary_search(fetched.begin(), fetched.end(), e.message))
      end = std::max<std::uint64_t>(end, e.message + std::uint64_t{1});
  });
  return end;
}

void Spool::purge(UserId r, DeviceId d, sim::Time t, PurgeSelection which,
                  std::span<const MessageId> fetched, std::uint64_t keep_below) {
  std::uint32_t rows = 0;
  std::uint64_t bytes = 0;
  entries_.remove_if(r, [&](const SpoolEntry& e) {
    bool remove = true;
    if (which != PurgeSelection::All) {
      remove = std::binary_search(fetched.begin(), fetched.end(), e.message) &&
               (which != PurgeSelection::FetchedByCatchUp || e.message >= keep_below);
    }
    if (!remove) return false;
    ++rows;
    bytes += e.bytes;
    fates_.copy_removed(e.message);
    // Entries deferred deletes were received through catch-up: no loss cause.
    if (which != PurgeSelection::ReceivedThroughCatchUp)
      fates_.copy_destroyed(e.message, LossCause::PurgedOnBind2, d, t);
    else
      fates_.touch(e.message);
    return true;
  });
  // One meter change for all removed entries, as in a flush.
  if (rows > 0) meter_.change(t, -static_cast<std::int64_t>(rows), -static_cast<std::int64_t>(bytes));
  // purge_all / purge_if_archiving issue their DELETE unconditionally; the
  // selective purges only when they remove something.
  if (which == PurgeSelection::All || rows > 0) op(t, StoreOp::DeleteByPurge, r, rows, bytes);
}

void Spool::expire_due(sim::Time t) {
  while (!expiry_.empty() && expiry_.front().at < t) {
    const SpoolExpiry x = expiry_.front();
    expiry_.pop_front();
    // Entries of a user are in stored_at order, so an entry still present is the oldest.
    if (entries_.empty(x.user) || entries_.front(x.user).seq != x.seq) continue;  // already gone
    const SpoolEntry e = entries_.pop_front(x.user);
    removed(x.at, e);
    fingerprint_.spool_expiry(x.at, x.user, e.message);
    fates_.copy_destroyed(e.message, LossCause::ExpiredSpool, kNoDevice, x.at);
  }
  next_expiry_ = expiry_.empty() ? sim::kNever : expiry_.front().at;
}

}  // namespace spoolsim::models

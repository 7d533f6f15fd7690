// R6.4, R7.2, R8, R9.1: the offline spool of one replica, one FIFO per user:
// storing, flushing, strategy purges and TTL expiry, with its storage
// accounting (R11.1) and the optional operation trace.
#pragma once
#include <cstdint>
#include <deque>
#include <span>

#include "models/inputs/ids.hpp"
#include "models/outcomes/storage.hpp"
#include "models/server/devices.hpp"
#include "models/server/fate_book.hpp"
#include "models/server/fifo_lists.hpp"
#include "models/server/server_fingerprint.hpp"
#include "models/server/spool_trace.hpp"
#include "models/server/strategies/strategy.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

struct SpoolEntry {
  MessageId message = 0;
  std::uint32_t bytes = 0;   // size + row overhead, or the pointer row (use_mam_for_storage)
  sim::Time stored_at = 0;   // R9.1: TTL counts from here
  std::uint64_t seq = 0;     // insertion number, matches the TTL queue
};

struct SpoolExpiry {  // R9.1: one per insertion while offline.ttl > 0, in time order
  sim::Time at = 0;   // stored_at + ttl: removed once time passes it
  UserId user = 0;
  std::uint64_t seq = 0;
};

// Where a spool operation is traced (issue 7): which replication and strategy.
struct SpoolTrace {
  SpoolTraceSink* sink = nullptr;
  std::uint32_t replication = 0;
  StrategyKind strategy = StrategyKind::Deliver;
};

class Spool {
 public:
  Spool(const Devices& devices, FateBook& fates, ServerFingerprint& fingerprint, SpoolTrace trace);

  std::uint32_t size(UserId u) const { return entries_.size(u); }
  std::uint64_t rows() const { return meter_.rows(); }
  StorageStats stats() const { return meter_.stats(); }
  OccupancySeries occupancy(sim::Time now) const { return meter_.occupancy(now); }

  // R6.4: R has no available session: store m, or bounce it (disabled,
  // no-store, spool full).
  void store(MessageId id, sim::Time t);
  // R7.2: initial presence pops R's whole spool; `receive(id)` delivers each
  // entry to the flushing device (one pop operation, even when empty:
  // ejabberd always queries).
  template <class Receive>
  void flush(UserId r, sim::Time t, Receive&& receive);
  // R8 purge_archived: the cursor D would have after flushing what a purge
  // of `fetched` leaves (entries below it would then not be fetched).
  std::uint64_t cursor_after_flush(UserId r, std::span<const MessageId> fetched,
                                   std::uint64_t cursor_end) const;
  // R8: removes the selected entries of R's spool without sending them
  // (`fetched` ascending; with FetchedByCatchUp only those at or past
  // `keep_below` go). D is the binding device.
  void purge(UserId r, DeviceId d, sim::Time t, PurgeSelection which,
             std::span<const MessageId> fetched, std::uint64_t keep_below);
  // R9.1: entries older than offline.ttl leave at their own expiry time
  // (called before every event: the common case is inline).
  void expire(sim::Time t) {
    if (next_expiry_ < t) expire_due(t);
  }

 private:
  void expire_due(sim::Time t);
  void op(sim::Time t, StoreOp kind, UserId u, std::uint32_t rows, std::uint64_t bytes) {
    meter_.op(t, kind);
    fingerprint_.spool_op(t, kind, u, rows, bytes);
    if (trace_.sink) [[unlikely]] traced(SpoolOperation{t, kind, u, rows, bytes});
  }
  void traced(const SpoolOperation& op) const;
  // An entry left the spool at t (its message's copy goes with it).
  void removed(sim::Time t, const SpoolEntry& e) {
    meter_.change(t, -1, -static_cast<std::int64_t>(e.bytes));
    fates_.copy_removed(e.message);
  }

  const Devices& devices_;
  const OfflineConfig& config_;
  FateBook& fates_;
  ServerFingerprint& fingerprint_;
  SpoolTrace trace_;
  // Entries of a user in insertion order; stored_at never decreases along a
  // list, so TTL-expired entries are always a prefix (R9.1).
  FifoLists<SpoolEntry> entries_;
  std::deque<SpoolExpiry> expiry_;  // only with offline.ttl > 0
  sim::Time next_expiry_ = sim::kNever;  // expiry_.front().at, kNever when empty
  std::uint64_t seq_ = 0;
  StorageMeter meter_;
};

template <class Receive>
void Spool::flush(UserId r, sim::Time t, Receive&& receive) {
  const std::uint32_t rows = entries_.size(r);
  std::uint64_t bytes = 0;
  while (!entries_.empty(r)) {
    const SpoolEntry e = entries_.pop_front(r);
    bytes += e.bytes;
    fates_.copy_removed(e.message);
    receive(e.message);
  }
  // One change for the whole pop: the same levels, integral and peaks as
  // one per entry at the same t (whole numbers, exact in a double).
  if (rows > 0) meter_.change(t, -static_cast<std::int64_t>(rows), -static_cast<std::int64_t>(bytes));
  op(t, StoreOp::Pop, r, rows, bytes);
}

}  // namespace spoolsim::models

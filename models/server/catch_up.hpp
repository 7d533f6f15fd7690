// R7.3: the MAM catch-up of each catch-up device and its archive cursor.
// The cursor is one past the newest archived message the device received by
// any path; archived entries it passes unreceived lose that device's access
// (the fate book records when and why, R10.3).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "models/outcomes/storage.hpp"
#include "models/server/devices.hpp"
#include "models/server/fate_book.hpp"
#include "models/server/server_fingerprint.hpp"

namespace spoolsim::models {

class CatchUp {
 public:
  CatchUp(const Devices& devices, FateBook& fates, ServerFingerprint& fingerprint);

  // Archive id + 1 of the newest archived message D received (0 = none).
  std::uint64_t cursor_end(DeviceId d) const { return cursor_end_[d]; }
  // The entries D's catch-up at t would fetch now, ascending (R8 purge_archived).
  std::span<const MessageId> plan(DeviceId d, sim::Time t);
  // What the last plan or catch-up fetched, ascending (R8 deferred).
  std::span<const MessageId> fetched() const { return fetched_; }
  // Runs D's catch-up at t: D receives the fetched entries.
  void run(DeviceId d, sim::Time t);
  // D received m at t by another path (the fate book has it): an archived
  // m moves D's cursor.
  void received(DeviceId d, MessageId id, sim::Time t) {
    if (devices_.world().message(id).archived() && id + std::uint64_t{1} > cursor_end_[d])
      advance(d, id + std::uint64_t{1}, t, 0, std::span<const MessageId>(&id, 1));
  }
  // R6.2: the replica applied the Send of `id`, archived for `to` (every
  // archive entry's message reaches the replica as a Send, in id order).
  void archived(UserId to, MessageId id) { archived_end_[to] = id + 1; }
  // The world's state the next reads see (Replica::apply sets it per event):
  // archive entries of later messages stay out even if the world has them.
  void set_as_of(const WorldMark& as_of) {
    as_of_ = as_of;
    planned_for_ = kNoDevice;
  }
  // Catch-up reads of this replica (R11.1).
  const StorageMeter& reads() const { return reads_; }

 private:
  // An entry D's catch-up at t may return, cursor aside.
  bool eligible(const ClientProfile& p, const ArchiveEntry& e, sim::Time t) const {
    return e.readable_at <= t && devices_.access(p, e.archived_at).open_at(t);
  }
  // fetched_ = D's plan at t, unless it already is (the same event, device
  // and cursor: a purge_archived plan and the catch-up of the same bind).
  void plan_into(DeviceId d, sim::Time t) {
    if (d == planned_for_ && t == planned_at_ && cursor_end_[d] == planned_cursor_) return;
    planned_for_ = d;
    planned_at_ = t;
    planned_cursor_ = cursor_end_[d];
    fetched_.clear();
    if (archived_end_[devices_.user_of(d)] > cursor_end_[d]) compute_plan(d, t);  // else nothing to fetch
  }
  // fetched_ (empty) = D's plan at t, from the archive.
  void compute_plan(DeviceId d, sim::Time t);
  // Moves D's cursor to new_end; archived entries passed unreceived lose D's
  // access: `catchup_limit` if below limit_below and eligible at t (skipped
  // by a backward count limit), else `catchup_gap`. `received` (ascending)
  // were just received by D: skipped without a look at their fates.
  void advance(DeviceId d, std::uint64_t new_end, sim::Time t, MessageId limit_below,
               std::span<const MessageId> received);

  const Devices& devices_;
  FateBook& fates_;
  ServerFingerprint& fingerprint_;
  std::vector<std::uint64_t> cursor_end_;  // per device
  // Per user: id + 1 of the newest archived message sent so far (0 = none).
  // A cursor at or past it has nothing to fetch, without a look at the archive.
  std::vector<std::uint64_t> archived_end_;
  std::vector<MessageId> fetched_;         // scratch of the last plan
  DeviceId planned_for_ = kNoDevice;       // fetched_ is the plan of this device in this event,
  sim::Time planned_at_ = 0;               // at this time,
  std::uint64_t planned_cursor_ = 0;       // from this cursor
  WorldMark as_of_;
  StorageMeter reads_;
};

}  // namespace spoolsim::models

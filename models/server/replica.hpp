// One server replica per strategy (R1.3, R5-R11), driven by the world's
// events. A replica is a deterministic function of the world's timeline.
// It owns the sessions and dispatches events to its parts:
//   Spool          spool store, flush, purge, TTL (R6.4, R7.2, R8, R9.1)
//   UnackedQueues  unacked queues and their termination (R7.5)
//   CatchUp        MAM catch-up and cursors (R7.3)
//   FateBook       deciding fates (R10) and R10.6
// and the strategy, which acts on the spool at a Bind2 bind (R8).
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "models/outcomes/live.hpp"
#include "models/server/catch_up.hpp"
#include "models/server/devices.hpp"
#include "models/server/fate_book.hpp"
#include "models/server/server_fingerprint.hpp"
#include "models/server/session.hpp"
#include "models/server/spool.hpp"
#include "models/server/spool_trace.hpp"
#include "models/server/strategies/strategy.hpp"
#include "models/server/unacked_queues.hpp"
#include "models/world/world.hpp"

namespace spoolsim::models {

class Replica {
 public:
  Replica(const World& world, StrategyKind strategy, std::uint32_t replication = 0,
          SpoolTraceSink* trace = nullptr);
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // Applies one world event (R1.2 order is the caller's). Horizon settles all
  // outcomes and checks R10.6 (throws std::logic_error on violation).
  void apply(const WorldEvent& event) { apply(event, devices_.world().mark()); }
  // The same, reading the world as it was at `as_of` (the world's mark() just
  // after the event was generated): for a driver whose generator ran ahead.
  void apply(const WorldEvent& event, const WorldMark& as_of);

  StrategyKind strategy() const { return kind_; }
  std::uint64_t events() const { return events_; }
  bool finished() const { return finished_; }
  // What this replica did so far, folded in order (issue 12 item 8).
  std::uint64_t fingerprint() const { return fingerprint_.value(); }
  LiveStrategy live(sim::Time now) const;
  // After Horizon.
  StrategyResult result() const;

  // Inspection (tests, dashboard).
  const Session& session(DeviceId d) const { return sessions_[d]; }
  std::uint32_t spool_size(UserId u) const { return spool_.size(u); }
  std::uint32_t queue_size(DeviceId d) const { return queues_.size(d); }
  // R7.2: the previous session a new-resource client left hibernating.
  bool has_orphan(DeviceId d) const { return orphan_until_[d] != sim::kNever; }
  std::uint32_t orphan_queue_size(DeviceId d) const { return queues_.size(d, true); }
  // Archive id + 1 of the newest archived message the device received (0 = none), R7.3.
  std::uint64_t cursor_end(DeviceId d) const { return catch_up_.cursor_end(d); }
  // Memory (World::prune_read): the lowest message id a catch-up of u's may
  // still read, the lowest cursor_end of u's catch-up devices (R7.3);
  // UINT64_MAX when none of them catches up (nothing of u's is read).
  std::uint64_t archive_read_from(UserId u) const {
    const User& user = devices_.user(u);
    std::uint64_t lowest = UINT64_MAX;
    for (DeviceId d = user.first_device; d < user.first_device + user.device_count; ++d)
      if (devices_.catches_up(d)) lowest = std::min(lowest, catch_up_.cursor_end(d));
    return lowest;
  }
  // What the latest catch-up (or purge_archived plan) fetched, ascending (R7.3).
  std::span<const MessageId> last_catch_up() const { return catch_up_.fetched(); }
  std::uint64_t spool_rows() const { return spool_.rows(); }
  // Test support: remember each counted message's fate (before the first event).
  void record_fates() { fates_.record_fates(); }
  // Memory (World::recycle): f(id) for every message this replica still holds.
  template <class F>
  void for_each_held(F&& f) { fates_.for_each_held(f); }
  // The decided fate of a counted message (nullopt if not decided or not logged).
  std::optional<MessageFate> fate(MessageId id) const { return fates_.fate(id); }

 private:
  friend class ReplicaBind;

  // Sessions (R7.1, R7.2, R7.4, R7.5).
  void connect(DeviceId d, std::uint32_t connection, sim::Time t);
  void bind(DeviceId d, sim::Time t);
  void disconnect(DeviceId d, std::uint32_t connection, bool abrupt, sim::Time t);
  void zombie_detected(DeviceId d, std::uint32_t connection, sim::Time t);
  void terminate(DeviceId d, sim::Time t, Termination why);
  void set_state(DeviceId d, SessionState state, sim::Time t);
  bool other_available(UserId u, DeviceId except) const;
  // R7.5 resend_while_registered: a resend at D's timeout reaches R's other
  // sessions twice.
  bool resends_twice(DeviceId d, Termination why, QueueDisposal how, bool other) const;
  // R7.2: orphaned sessions of clients that take a new resource at each login.
  void orphan(DeviceId d, sim::Time t);
  void end_orphan(DeviceId d, sim::Time t, Termination why);
  void expire_orphans(sim::Time t, bool inclusive);
  // Messages (R6).
  void send(MessageId id, sim::Time t);
  void route(MessageId id, sim::Time t);
  void route_again(MessageId id, sim::Time t, bool twice);  // R7.5 resend
  void receive(DeviceId d, MessageId id, sim::Time t);
  // R8: what a strategy's purge removes.
  void purge(DeviceId d, sim::Time t, PurgeSelection which);

  StrategyKind kind_;
  std::unique_ptr<Strategy> strategy_;
  Devices devices_;
  ServerFingerprint fingerprint_;
  FateBook fates_;
  Spool spool_;
  UnackedQueues queues_;
  CatchUp catch_up_;
  std::vector<Session> sessions_;  // per device
  std::vector<sim::Time> orphan_until_;  // per device: its orphan's end, kNever = none
  std::vector<DeviceId> orphans_;        // devices with an orphan
  std::uint64_t events_ = 0;
  bool finished_ = false;
};

}  // namespace spoolsim::models

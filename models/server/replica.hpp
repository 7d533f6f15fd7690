// One server replica per strategy (R1.3, R5-R11): sessions, routing, spool,
// stream management, catch-up and the outcome ledger, driven by the world's
// events. A replica is a deterministic function of the world's timeline.
//
// The implementation is split by rule group:
//   replica.cpp            event dispatch, connect / disconnect (R7.1, R7.2, R7.4)
//   router.cpp             routing a message (R6)
//   spool.cpp              spool store, flush, purge, TTL (R6.4, R7.2, R8, R9.1)
//   stream_management.cpp  unacked queues and termination (R7.5)
//   catch_up.cpp           MAM catch-up and cursors (R7.3)
//   settle.cpp             deciding fates (R10) and results (R11, R12)
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "models/server/fifo_lists.hpp"
#include "models/server/flat_map.hpp"
#include "models/outcomes/ledger.hpp"
#include "models/server/session.hpp"
#include "models/outcomes/live.hpp"
#include "models/server/spool.hpp"
#include "models/server/spool_trace.hpp"
#include "models/outcomes/storage.hpp"
#include "models/server/strategies/strategy.hpp"
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
  void apply(const WorldEvent& event);

  StrategyKind strategy() const { return kind_; }
  std::uint64_t events() const { return events_; }
  bool finished() const { return finished_; }
  LiveStrategy live(sim::Time now) const;
  // After Horizon.
  StrategyResult result() const;

  // Inspection (tests, dashboard).
  const Session& session(DeviceId d) const { return sessions_[d]; }
  std::uint32_t spool_size(UserId u) const { return spool_.size(u); }
  std::uint32_t queue_size(DeviceId d) const { return queues_.size(d); }
  // Archive id + 1 of the newest archived message the device received (0 = none), R7.3.
  std::uint64_t cursor_end(DeviceId d) const { return cursor_end_[d]; }
  std::uint64_t spool_rows() const { return spool_meter_.rows(); }
  // Test support: remember each counted message's fate (before the first event).
  void record_fates() { ledger_.enable_log(); }
  // The decided fate of a counted message (nullptr if not decided or not logged).
  std::optional<MessageFate> fate(MessageId id) const;

 private:
  friend class ReplicaBind;

  enum class Termination : std::uint8_t { Timeout, Replacement, QueueOverflow };

  // replica.cpp
  void connect(DeviceId d, std::uint32_t connection, sim::Time t);
  void disconnect(DeviceId d, std::uint32_t connection, bool abrupt, sim::Time t);
  void zombie_detected(DeviceId d, std::uint32_t connection, sim::Time t);
  void resume_expired(DeviceId d, std::uint32_t connection, sim::Time t);
  void bind(DeviceId d, sim::Time t);
  // router.cpp
  void send(MessageId id, sim::Time t);
  void route(MessageId id, sim::Time t);
  void receive(DeviceId d, MessageId id, sim::Time t);
  void mark_received(DeviceId d, MessageId id, sim::Time t);
  void bounce(MessageId id, BounceReason reason);
  void copy_destroyed(MessageId id, LossCause cause, DeviceId by);
  // spool.cpp
  void store_offline(MessageId id, sim::Time t);
  void flush(DeviceId d, sim::Time t);
  void purge(DeviceId d, sim::Time t, PurgeSelection which);
  void expire_spool(sim::Time t);
  void spool_op(sim::Time t, StoreOp kind, UserId u, std::uint32_t rows, std::uint64_t bytes);
  // stream_management.cpp
  void enqueue(DeviceId d, MessageId id, sim::Time t);
  void terminate(DeviceId d, sim::Time t, Termination why);
  void resume(DeviceId d, sim::Time t);
  // catch_up.cpp
  void plan_catch_up(DeviceId d, sim::Time t, std::uint64_t cursor_end,
                     std::vector<MessageId>& fetched) const;
  void catch_up(DeviceId d, sim::Time t);
  // Moves D's cursor to new_end; archived entries of R passed unreceived
  // lose D's access (R7.3): `catchup_limit` if below limit_below and eligible
  // at t (backward skip), else `catchup_gap` (R10.3's first-of rule applies).
  void advance_cursor(DeviceId d, std::uint64_t new_end, sim::Time t, MessageId limit_below = 0);
  bool eligible(DeviceId d, const ArchiveEntry& e, sim::Time t) const;
  void pass(Fate& f, const Message& m, DeviceId d, sim::Time t, LossCause at_pass) const;
  // settle.cpp
  bool archive_reachable(const Fate& f, const Message& m, sim::Time t) const;
  void loss_cause(const Fate& f, const Message& m, LossCause& cause, DeviceId& device) const;
  void settle_touched(sim::Time t);
  void sweep(sim::Time t);
  bool try_settle(MessageId id, Fate& f, sim::Time t, bool horizon);
  void horizon(sim::Time t);
  void check_identity() const;

  // helpers
  unsigned index_in_user(DeviceId d) const { return d - world_.users()[world_.devices()[d].user].first_device; }
  const ClientProfile& profile(DeviceId d) const { return world_.profile_of(d); }
  bool catches_up(DeviceId d) const { return catches_up_[world_.devices()[d].profile] != 0; }
  bool user_has_catchup(UserId u) const;
  bool other_available(UserId u, DeviceId except) const;
  UserId user_of(DeviceId d) const { return world_.devices()[d].user; }
  ProfileIndex profile_index(DeviceId d) const { return world_.devices()[d].profile; }
  Fate* fate_of(MessageId id) { return id == sending_ ? &sending_fate_ : fates_.find(id); }

  const World& world_;
  const Scenario& scenario_;
  StrategyKind kind_;
  std::unique_ptr<Strategy> strategy_;
  std::uint32_t replication_;
  SpoolTraceSink* trace_;

  std::vector<std::uint8_t> catches_up_;  // per profile: mam_catchup and mam.enabled
  std::vector<Session> sessions_;          // per device
  FifoLists<MessageId> queues_;            // per device: unacked queue (R6.3)
  std::vector<std::uint64_t> cursor_end_;  // per device (R7.3)
  std::vector<sim::Time> last_connect_;    // per device (R10.1)

  Spool spool_;                            // per user
  std::deque<SpoolExpiry> expiry_;         // R9.1, only with offline.ttl > 0
  std::uint64_t spool_seq_ = 0;
  StorageMeter spool_meter_;
  StorageMeter archive_reads_;             // catch-up reads of this replica (R11.1)

  FlatMap<Fate> fates_;                    // in-flight counted messages
  // The counted message being routed by a Send: most are decided at once
  // and never enter fates_ (saves a hash insert and erase per message).
  MessageId sending_ = FlatMap<Fate>::kEmpty;
  Fate sending_fate_;
  Ledger ledger_;

  std::vector<MessageId> touched_;         // messages to try to settle after this event
  std::vector<MessageId> fetched_;         // catch-up scratch
  std::vector<MessageId> queue_scratch_;   // termination scratch
  std::uint64_t events_ = 0;
  sim::Time next_sweep_ = 0;
  std::size_t sweep_size_ = 0;
  bool finished_ = false;
};

}  // namespace spoolsim::models

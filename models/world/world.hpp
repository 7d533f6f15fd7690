// The world (R1.3): population, contacts, messages and the shared archive,
// everything that is the same for every strategy. Replicas read it; only the
// world (its generator, or a scripted test) writes it.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "models/world/contact_graph.hpp"
#include "models/world/people.hpp"
#include "models/inputs/ids.hpp"
#include "models/outcomes/results.hpp"
#include "models/outcomes/storage.hpp"
#include "models/inputs/scenario.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

struct Message {  // a small fixed-size record (hot path)
  enum Flag : std::uint8_t {
    Counted = 1,          // sent in [warmup, horizon - drain) (R1.5)
    NoStore = 2,          // R4.4: never spooled, never archived
    MeantToArchive = 4,   // R6.2 says archive for the recipient (and MAM is on)
    ArchiveFailed = 8,    // R6.1: the write never landed
    SenderCopy = 16,      // a sender-side copy was written (storage only)
    Stranger = 32,        // recipient is not a contact of the sender (R4.2)
  };
  UserId sender = 0;
  UserId recipient = 0;
  sim::Time sent = 0;
  sim::Time readable_at = sim::kNever;  // archive entry readable from (sent + lag) when archived
  std::uint32_t size_bytes = 0;
  std::uint8_t flags = 0;

  bool has(Flag f) const { return (flags & f) != 0; }
  // R6.1: an archive entry for the recipient exists.
  bool archived() const { return has(MeantToArchive) && !has(ArchiveFailed); }
};
static_assert(sizeof(Message) <= 32, "Message is a hot-path record");

// What a catch-up (R7.3) may fetch: entries of one user in archive-time order.
struct ArchiveEntry {
  MessageId message = 0;
  sim::Time archived_at = 0;  // = send time (R6.2)
  sim::Time readable_at = 0;  // archived_at + lag
};

// A sender copy in its sender's archive, kept only where a per-user cap
// (mam.max_user_messages) counts it.
struct SenderRow {
  MessageId message = 0;
  std::uint32_t size_bytes = 0;
  sim::Time sent = 0;
};

// Events the world emits, in R1.2 order, to every replica.
enum class WorldEventKind : std::uint8_t {
  Connect,         // device starts a new connection (R7.1/R7.2 decide resume or bind)
  Disconnect,      // device goes away; `abrupt` says how (R7.4)
  ZombieDetected,  // server timer: the server notices the abrupt loss (R7.4)
  ResumeExpired,   // server timer: a pending session's resume_timeout ran out (R7.4)
  Send,            // a message is routed (R6); archive entries already written
  Horizon,         // last event of a run: replicas settle outcomes (R10)
};
EnumTable<WorldEventKind> enum_table(WorldEventKind);  // world_event_names.cpp
const char* to_string(WorldEventKind k);  // "connect", "disconnect", ...

// How far the world has gone when a replica applies one of its events: the
// messages sent so far and the time of the last of them. Replicas read the
// world as of this mark, so the driver may generate ahead (models/simulation.cpp).
struct WorldMark {
  std::size_t sent = 0;             // messages 0 .. sent-1 exist
  sim::Time last_send = 0;          // time of the newest of them
};

struct WorldEvent {
  sim::Time time = 0;
  WorldEventKind kind = WorldEventKind::Connect;
  bool abrupt = false;            // Disconnect
  DeviceId device = 0;            // Connect, Disconnect, ZombieDetected, ResumeExpired
  std::uint32_t connection = 0;   // which connection of the device the event belongs to (1, 2, ...)
  MessageId message = 0;          // Send
};

class World {
 public:
  // Builds the population and contacts from the scenario's draws (R2), or
  // contacts from `scenario.contacts.file` (throws std::runtime_error naming
  // file:line on a bad file). The scenario must outlive the world.
  World(const Scenario& scenario, std::uint32_t replication);
  // Explicit population, for scripted tests and contact files. Recomputes
  // User::device_mix and the labels. A default ContactGraph() means nobody
  // has contacts. Throws std::invalid_argument if users and devices disagree.
  World(const Scenario& scenario, std::vector<User> users, std::vector<Device> devices,
        ContactGraph contacts);

  const Scenario& scenario() const { return *scenario_; }
  const std::vector<User>& users() const { return users_; }
  const std::vector<Device>& devices() const { return devices_; }
  const ContactGraph& contacts() const { return contacts_; }
  std::span<const Device> devices_of(UserId u) const;
  const ClientProfile& profile_of(DeviceId d) const;
  // Labels like "conversations+gajim" (sorted profile names), indexed by User::device_mix.
  const std::vector<std::string>& device_mix_labels() const { return mix_labels_; }

  // Any message still held by a replica, listed in an archive or not yet
  // past retention; after recycle() older records are gone.
  const Message& message(MessageId id) const {
    const auto& chunk = chunks_[id >> kChunkShift];
    if (chunk) [[likely]] return (*chunk)[id & kChunkMask];
    return retired(id);
  }
  std::size_t message_count() const { return count_; }
  // The world as it is now (what a replica applying the newest event reads).
  WorldMark mark() const { return WorldMark{count_, last_send_}; }
  // R6.1: mam.max_user_messages caps each user's archive; the send that
  // finds it full deletes entries at once, so nothing may be generated
  // ahead of the replicas (models/simulation.cpp).
  bool capped_archive() const { return scenario_->server.mam.max_user_messages != kUnlimited; }

  // R6.1/R6.2: records a message sent at t and writes its archive entries.
  // Draws (lag, failure, no-store) are the caller's (generator or test).
  // Sends must come in non-decreasing time (std::logic_error otherwise).
  MessageId send(sim::Time t, UserId from, UserId to, std::uint32_t size_bytes, bool no_store,
                 bool archive_failed, sim::Duration lag);

  // R6.2 for recipient `to` and sender `from` (ignores no-store and mam.enabled).
  bool prefs_archive(UserId to, UserId from) const;
  // R2.3: puts `peer` into `owner`'s always / never list (None removes it).
  // Throws std::invalid_argument when peer is not in owner's roster.
  void set_archive_pref(UserId owner, UserId peer, ArchivePref pref);

  // R7.3 input: `to`'s archive entries in archive-time order, oldest first,
  // already without entries removed by retention (R9.2) as of the last send.
  // Entries that no catch-up can fetch any more may be pruned (see
  // archive_keep_window() and prune_read()); older ones may also still be
  // listed.
  std::span<const ArchiveEntry> archive_of(UserId to) const { return archive_of(to, mark()); }
  // The same as it was at `as_of`: entries of later messages are left out,
  // and retention has run up to as_of.last_send. `as_of` must not be older
  // than the time set by set_readers_from().
  std::span<const ArchiveEntry> archive_of(UserId to, const WorldMark& as_of) const;
  // R9.2: entry still present at time t (retention): t < archived_at + retention.
  bool archive_entry_alive(const ArchiveEntry& e, sim::Time t) const;
  // R6.1 mam.max_user_messages: when the recipient's entry of message `id`
  // was deleted to make room in a full archive (kNever: it was not).
  sim::Time archive_evicted_at(MessageId id) const {
    if (evicted_.empty()) [[likely]] return sim::kNever;
    const auto it = evicted_.find(id);
    return it == evicted_.end() ? sim::kNever : it->second.entry_at;
  }
  // The recipient entries the last send deleted to make room (replicas
  // re-examine those messages' fates).
  std::span<const MessageId> evicted_by_last_send() const { return last_evicted_; }

  // Memory: archive entries older than this window before the newest send
  // are dropped from archive_of() (they can never be fetched again: the window
  // is the largest catchup_max_age of any profile, or the retention if shorter).
  // Storage statistics are not affected. kNever: no pruning.
  sim::Duration archive_keep_window() const { return keep_window_; }
  void set_archive_pruning(bool on);
  // No replica reads the archive before t any more (the driver sets it to the
  // time of its oldest unapplied event when it generates ahead): pruning
  // measures its window back from the earlier of t and the newest send, so it
  // never drops an entry a replica behind the generator can still fetch.
  // kNever (the default): the replicas keep up with every send.
  void set_readers_from(sim::Time t) { readers_from_ = t; }
  // Generating ahead while replicas read (models/simulation.cpp): from now
  // on send() queues its archive entries instead of listing them, and the
  // record table never moves, so replicas may read message() and
  // archive_of() while the generator sends. publish_archive() lists the
  // queued entries (call it while no replica reads).
  void queue_archive_writes();
  void publish_archive();
  // Memory (docs/model.md, notes on scale): drops the listed entries that no
  // catch-up can read any more. `read_from(u)` must be the lowest message id
  // a catch-up of user u may still read in any replica (the lowest
  // cursor_end of u's catch-up devices, Replica::archive_read_from): a
  // catch-up and its cursor's advance read only entries at or above the
  // device's cursor, cursors only move forward, and only catch-up devices
  // read (R7.3; R8's purge_archived reads the catch-up's plan). So every
  // later read sees the same entries from its cursor on. Call it only when
  // no replica is behind the world (the driver's daily recycle). A capped
  // archive keeps its rows (they count against the cap, R6.1); off with
  // set_archive_pruning(false). Storage statistics are not affected.
  template <class ReadFrom>
  void prune_read(ReadFrom&& read_from) {
    if (capped_archive() || !pruning_) return;
    for (UserId u = 0; u < archives_.size(); ++u)
      if (archives_[u].head < archives_[u].entries.size()) drop_below(archives_[u], read_from(u));
  }
  // Memory: the generator reserves the expected message count up front, so
  // the ledger does not double past its need.
  void reserve_messages(std::size_t n);
  // Memory (docs/model.md, notes on scale): frees the records of messages sent before the
  // previous call that nobody needs any more. `for_each_held(f)` calls f(id)
  // for every message a replica still holds (copies, undecided fates);
  // archive entries still listed and rows retention has yet to delete are
  // kept by the world itself. Only messages in whole chunks are freed; held
  // old ones move to a side table. Reads only: event order and draws do not
  // change.
  template <class ForEachHeld>
  void recycle(ForEachHeld&& for_each_held) {
    const MessageId end = std::max(recycle_end(), freed_below_);
    if (end == freed_below_ && retired_.empty()) return;
    std::vector<MessageId> held;
    for_each_held([&](MessageId id) {
      if (id < end) held.push_back(id);
    });
    keep_retired(end, held);
  }

  // Archive storage (R11.1) over the counted window, the same for every
  // strategy (catch-up reads are counted by each replica).
  StorageStats archive_storage(sim::Time now) const;
  // Current archive rows/bytes (recipient entries + sender copies) as of `now`.
  std::uint64_t archive_rows(sim::Time now) const;
  // Archive rows/bytes at the report's sample times up to `now`.
  OccupancySeries archive_occupancy(sim::Time now) const;

  // Approximate heap bytes held by the world (messages, archive, contacts).
  std::size_t memory_bytes() const;

 private:
  // R11.1 accounting of archive rows over the counted window, and how far
  // retention has deleted them.
  struct StorageAccount {
    StorageMeter meter{0, 0};
    MessageId retention_cursor = 0;  // next message whose rows retention deletes
  };
  struct UserArchive {
    std::vector<ArchiveEntry> entries;
    std::uint32_t head = 0;  // entries before head are pruned
    // With a per-user cap only: the user's sender copies, which count
    // against it too (send order).
    std::vector<SenderRow> sender_rows;
  };
  // Rows deleted by the per-user cap, which retention must not delete again.
  struct Evicted {
    sim::Time entry_at = sim::kNever;  // the recipient entry
    bool sender_copy = false;
  };

  void finish_population();
  void expire(StorageAccount& account, sim::Time t) const;  // R9.2 deletes up to t
  void prune(UserArchive& archive, sim::Time t);
  void drop_below(UserArchive& archive, std::uint64_t first_readable);  // prune_read()
  void list(UserId to, const ArchiveEntry& e);  // appends to `to`'s archive_of()
  void make_room(UserId u, sim::Time t);  // R6.1 mam.max_user_messages
  int rows_of(MessageId id, const Message& m) const;  // rows retention has yet to delete
  using Chunk = std::vector<Message>;
  static constexpr unsigned kChunkShift = 16;  // 2 MiB chunks of records
  static constexpr MessageId kChunkMask = (MessageId{1} << kChunkShift) - 1;
  static constexpr std::uint32_t kKeepChunkAbove = (kChunkMask + 1) / 16;  // held records that keep a chunk whole
  const Message& retired(MessageId id) const;
  MessageId recycle_end();  // messages below it may be freed now (a chunk boundary)
  void keep_retired(MessageId end, std::vector<MessageId>& held);

  const Scenario* scenario_;
  std::vector<User> users_;
  std::vector<Device> devices_;
  ContactGraph contacts_;
  std::vector<std::string> mix_labels_;
  std::vector<std::unique_ptr<Chunk>> chunks_;  // by id >> kChunkShift; null once freed
  std::unordered_map<MessageId, Message> retired_;  // held messages of freed chunks
  std::size_t count_ = 0;
  MessageId freed_below_ = 0;     // chunks below this id are freed, unless they held many records
  MessageId recycle_mark_ = 0;    // message count at the previous recycle()
  std::vector<UserArchive> archives_;
  std::unordered_map<MessageId, Evicted> evicted_;  // empty without a cap
  std::vector<MessageId> last_evicted_;
  StorageAccount storage_;
  sim::Time last_send_ = 0;
  sim::Duration keep_window_ = sim::kNever;
  sim::Time readers_from_ = sim::kNever;
  bool queueing_ = false;
  std::vector<std::pair<UserId, ArchiveEntry>> queued_;  // entries sent but not yet listed
  bool pruning_ = true;
};

}  // namespace spoolsim::models

// The world's state (R1.3): population, contacts, the message ledger and the
// shared archive (R6.1, R6.2, R9.2) with its storage accounting (R11.1).
#include "models/world/world.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include "models/world/archive_access.hpp"
#include "models/world/population.hpp"

namespace spoolsim::models {

World::World(const Scenario& scenario, std::uint32_t replication) : scenario_(&scenario) {
  DrawnPopulation pop = draw_population(scenario, replication);
  users_ = std::move(pop.users);
  devices_ = std::move(pop.devices);
  contacts_ = make_contacts(scenario, replication);
  draw_archive_lists(scenario, replication, contacts_);
  finish_population();
}

World::World(const Scenario& scenario, std::vector<User> users, std::vector<Device> devices,
             ContactGraph contacts)
    : scenario_(&scenario), users_(std::move(users)), devices_(std::move(devices)),
      contacts_(std::move(contacts)) {
  DeviceId expected = 0;
  for (UserId u = 0; u < users_.size(); ++u) {
    const User& user = users_[u];
    if (user.first_device != expected || expected + std::size_t{user.device_count} > devices_.size()) {
      throw std::invalid_argument("user " + std::to_string(u) +
                                  ": devices must be contiguous and in user order (first_device " +
                                  std::to_string(user.first_device) + ", expected " +
                                  std::to_string(expected) + ")");
    }
    for (DeviceId d = user.first_device; d < user.first_device + user.device_count; ++d) {
      if (devices_[d].user != u)
        throw std::invalid_argument("device " + std::to_string(d) + " belongs to user " +
                                    std::to_string(devices_[d].user) + ", expected " + std::to_string(u));
      if (devices_[d].profile >= scenario.clients.size())
        throw std::invalid_argument("device " + std::to_string(d) + " has unknown profile #" +
                                    std::to_string(devices_[d].profile));
    }
    expected += user.device_count;
  }
  if (expected != devices_.size())
    throw std::invalid_argument("devices not owned by any user: " + std::to_string(devices_.size() - expected));
  if (contacts_.users() != 0 && contacts_.users() != users_.size())
    throw std::invalid_argument("contact graph has " + std::to_string(contacts_.users()) +
                                " users, the population " + std::to_string(users_.size()));
  finish_population();
}

void World::finish_population() {
  // R12.2 device-mix labels, sorted so that indices do not depend on user order.
  std::vector<std::string> per_user(users_.size());
  std::map<std::string, std::uint16_t> index;
  for (UserId u = 0; u < users_.size(); ++u) {
    per_user[u] = device_mix_label(*scenario_, devices_of(u));
    index.emplace(per_user[u], 0);
  }
  if (index.size() > 65535) throw std::invalid_argument("more than 65535 device mixes");
  mix_labels_.clear();
  for (auto& [label, i] : index) {
    i = static_cast<std::uint16_t>(mix_labels_.size());
    mix_labels_.push_back(label);
  }
  for (UserId u = 0; u < users_.size(); ++u) users_[u].device_mix = index[per_user[u]];

  archives_.assign(users_.size(), UserArchive{});
  const Scenario& s = *scenario_;
  storage_ = StorageAccount{StorageMeter(s.warmup, std::max(s.warmup, s.horizon - s.drain)), 0};
  storage_.meter.sample_occupancy(s.horizon, kOccupancyPoints);
  // Memory (docs/world-notes.md): the largest catch-up age of any profile
  // bounds what can ever be fetched; retention bounds what still exists.
  sim::Duration longest_age = s.clients.empty() ? sim::kNever : 0;
  for (const auto& p : s.clients) longest_age = std::max(longest_age, p.catchup_max_age);
  // An entry archived at 0 is lost to every device by the keep window.
  keep_window_ = archive_access(0, longest_age, s.server.mam.retention).lost_at();
}

std::span<const Device> World::devices_of(UserId u) const {
  const User& user = users_[u];
  return {devices_.data() + user.first_device, user.device_count};
}

const ClientProfile& World::profile_of(DeviceId d) const {
  return scenario_->clients[devices_[d].profile];
}

bool World::prefs_archive(UserId to, UserId from) const {
  // R6.2, in order: always list, never list, then the effective default.
  const Contact* c = contacts_.find(to, from);
  if (c && c->pref == ArchivePref::Always) return true;
  if (c && c->pref == ArchivePref::Never) return false;
  switch (users_[to].mam_default) {
    case MamDefault::Always: return true;
    case MamDefault::Never: return false;
    case MamDefault::Roster: return c && c->subscription != Subscription::None;
  }
  return false;
}

void World::set_archive_pref(UserId owner, UserId peer, ArchivePref pref) {
  contacts_.set_pref(owner, peer, pref);
}

void World::set_archive_pruning(bool on) { pruning_ = on; }

void World::reserve_messages(std::size_t n) { chunks_.reserve((n >> kChunkShift) + 1); }

const Message& World::retired(MessageId id) const {
  const auto it = retired_.find(id);
  if (it == retired_.end())
    throw std::logic_error("internal error: message " + std::to_string(id) + " was recycled while still needed");
  return it->second;
}

MessageId World::recycle_end() {
  // A day (one call) of slack behind the newest send, and nothing that
  // retention has yet to delete (expire() reads it in send order).
  std::uint64_t end = recycle_mark_;
  recycle_mark_ = static_cast<MessageId>(count_);
  if (scenario_->server.mam.retention > 0) end = std::min<std::uint64_t>(end, storage_.retention_cursor);
  return static_cast<MessageId>(end & ~std::uint64_t{kChunkMask});
}

void World::keep_retired(MessageId end, std::vector<MessageId>& held) {
  for (const UserArchive& a : archives_)
    for (std::size_t i = a.head; i < a.entries.size(); ++i)
      if (a.entries[i].message < end) held.push_back(a.entries[i].message);
  for (const auto& q : queued_)
    if (q.second.message < end) held.push_back(q.second.message);
  // A chunk that still holds many records stays whole: its reads stay direct
  // (a side-table lookup on every access cost spool-heavy runs 60% more CPU)
  // and a side-table entry costs about three records. Chunks freed earlier
  // stay freed; their held records stay in the side table.
  const std::size_t chunks = std::size_t{end} >> kChunkShift;
  std::vector<std::uint32_t> held_in(chunks, 0);
  for (const MessageId id : held) ++held_in[id >> kChunkShift];
  const auto stays = [&](std::size_t c) { return chunks_[c] && held_in[c] > kKeepChunkAbove; };
  // Rows the cap deleted: needed while a fate is open (held) or retention
  // has yet to pass them (end is below its cursor).
  if (!evicted_.empty()) {
    std::sort(held.begin(), held.end());
    std::erase_if(evicted_, [&](const auto& kv) {
      return kv.first < end && !std::binary_search(held.begin(), held.end(), kv.first);
    });
  }
  std::unordered_map<MessageId, Message> kept;
  for (const MessageId id : held)
    if (!stays(id >> kChunkShift)) kept.emplace(id, message(id));
  retired_ = std::move(kept);
  for (std::size_t c = 0; c < chunks; ++c)
    if (!stays(c)) chunks_[c].reset();
  freed_below_ = end;
}

MessageId World::send(sim::Time t, UserId from, UserId to, std::uint32_t size_bytes, bool no_store,
                      bool archive_failed, sim::Duration lag) {
  if (from >= users_.size() || to >= users_.size())
    throw std::invalid_argument("send: unknown user " + std::to_string(from >= users_.size() ? from : to));
  if (t < last_send_)
    throw std::logic_error("send at " + std::to_string(t) + " before the previous send at " +
                           std::to_string(last_send_) + ": sends must come in time order");
  if (count_ >= std::size_t{0xffffffffu}) throw std::length_error("more than 2^32-1 messages");
  const Scenario& s = *scenario_;
  const MamConfig& mam = s.server.mam;
  last_send_ = t;
  last_evicted_.clear();
  expire(storage_, t);  // R9.2 deletes due by t come first

  Message m;
  m.sender = from;
  m.recipient = to;
  m.sent = t;
  m.size_bytes = size_bytes;
  std::uint8_t flags = 0;
  if (t >= s.warmup && t < s.horizon - s.drain) flags |= Message::Counted;  // R1.5
  if (no_store) flags |= Message::NoStore;
  if (!contacts_.find(from, to)) flags |= Message::Stranger;
  const bool archiving = mam.enabled && !no_store;  // R4.4: no-store is never archived
  const bool for_recipient = archiving && prefs_archive(to, from);
  const bool for_sender = archiving && mam.archive_sender_copy && prefs_archive(from, to);
  if (for_recipient) flags |= Message::MeantToArchive;
  // R6.2: one failure draw covers R's entry and the sender copy.
  if (archive_failed && (for_recipient || for_sender)) flags |= Message::ArchiveFailed;
  if (for_sender && !archive_failed) flags |= Message::SenderCopy;
  m.flags = flags;
  const auto id = static_cast<MessageId>(count_);
  const bool recipient_entry = for_recipient && !archive_failed;
  if (recipient_entry) m.readable_at = t + std::max<sim::Duration>(lag, 0);
  if ((id & kChunkMask) == 0) {
    chunks_.push_back(std::make_unique<Chunk>());
    chunks_.back()->reserve(std::size_t{kChunkMask} + 1);
  }
  chunks_.back()->push_back(m);
  ++count_;

  const bool capped = mam.max_user_messages != kUnlimited;
  if (capped && (flags & Message::SenderCopy)) {
    make_room(from, t);
    archives_[from].sender_rows.push_back(SenderRow{id, size_bytes, t});
  }
  if (recipient_entry) {
    const ArchiveEntry e{id, t, m.readable_at};
    if (capped) {
      // A capped archive is written at once and never pruned (its pruned
      // rows would still count against the cap, and the cap bounds its
      // memory anyway); the driver then applies one event at a time
      // (capped_archive()).
      make_room(to, t);
      archives_[to].entries.push_back(e);
    } else if (queueing_) {
      queued_.emplace_back(to, e);
    } else {
      list(to, e);
    }
  }
  const int rows = (recipient_entry ? 1 : 0) + ((flags & Message::SenderCopy) ? 1 : 0);
  if (rows > 0) {
    const auto row_bytes = std::int64_t{size_bytes} + std::int64_t{mam.row_overhead_bytes};
    storage_.meter.change(t, rows, rows * row_bytes);
  }
  return id;
}

void World::list(UserId to, const ArchiveEntry& e) {
  UserArchive& a = archives_[to];
  // Prune only when the vector would grow: amortised O(1), and the head's
  // cache line is touched once per growth instead of once per message.
  if (pruning_ && a.entries.size() == a.entries.capacity()) prune(a, e.archived_at);
  a.entries.push_back(e);
}

void World::queue_archive_writes() {
  // Room for the most records send() allows (2^32 - 1): 512 KiB of chunk
  // pointers, so push_back never moves them under a reader.
  chunks_.reserve((std::size_t{0xffffffffu} >> kChunkShift) + 1);
  queueing_ = true;
}

void World::publish_archive() {
  for (const auto& [to, e] : queued_) list(to, e);
  queued_.clear();
}

void World::prune(UserArchive& a, sim::Time t) {
  t = std::min(t, readers_from_);  // the slowest reader's time (set_readers_from)
  if (keep_window_ == sim::kNever || t < keep_window_) return;
  const sim::Time cutoff = t - keep_window_;  // entries before it can never be fetched again
  while (a.head < a.entries.size() && a.entries[a.head].archived_at < cutoff) ++a.head;
  if (a.head > 0) {  // reuse the room instead of growing
    a.entries.erase(a.entries.begin(), a.entries.begin() + a.head);
    a.head = 0;
    if (a.entries.capacity() > 4 * a.entries.size() + 16) a.entries.shrink_to_fit();
  }
}

void World::drop_below(UserArchive& a, std::uint64_t first_readable) {
  // Ids ascend in the list, so the unreadable entries are a prefix.
  const auto keep = std::lower_bound(a.entries.begin() + a.head, a.entries.end(), first_readable,
                                     [](const ArchiveEntry& e, std::uint64_t id) { return e.message < id; });
  if (keep == a.entries.begin() + a.head) return;
  a.entries.erase(a.entries.begin(), keep);
  a.head = 0;
  if (a.entries.capacity() > 4 * a.entries.size() + 16) a.entries.shrink_to_fit();
}

// R6.1 mam.max_user_messages, as Prosody's mod_mam does when an append
// answers "quota-limit": rows retention removed are gone first; a user
// still at the cap loses the oldest rows (entries and sender copies alike)
// down to floor(cap * 0.99), and the write then goes in
// (bjc/prosody@13.0.1:plugins/mod_mam/mod_mam.lua archive_truncate,
// plugins/mod_storage_sql.lua archive_store:delete with `truncate`).
void World::make_room(UserId u, sim::Time t) {
  UserArchive& a = archives_[u];
  const MamConfig& mam = scenario_->server.mam;
  if (mam.retention > 0) {  // expire() has already taken these rows off the storage meter
    a.entries.erase(a.entries.begin(),
                    std::partition_point(a.entries.begin(), a.entries.end(),
                                         [&](const ArchiveEntry& e) { return !archive_entry_alive(e, t); }));
    a.sender_rows.erase(a.sender_rows.begin(),
                        std::partition_point(a.sender_rows.begin(), a.sender_rows.end(),
                                             [&](const SenderRow& r) { return r.sent + mam.retention <= t; }));
  }
  const std::size_t rows = a.entries.size() + a.sender_rows.size();
  if (rows < mam.max_user_messages) return;
  const std::size_t evict = rows - std::size_t{mam.max_user_messages} * 99 / 100;
  const auto overhead = std::int64_t{mam.row_overhead_bytes};
  auto e = a.entries.begin();
  auto r = a.sender_rows.begin();
  std::int64_t bytes = 0;
  for (std::size_t n = 0; n < evict; ++n) {  // oldest first: ids follow send order
    if (r == a.sender_rows.end() || (e != a.entries.end() && e->message < r->message)) {
      evicted_[e->message].entry_at = t;
      last_evicted_.push_back(e->message);
      bytes += std::int64_t{message(e->message).size_bytes} + overhead;
      ++e;
    } else {
      evicted_[r->message].sender_copy = true;
      bytes += std::int64_t{r->size_bytes} + overhead;
      ++r;
    }
  }
  a.entries.erase(a.entries.begin(), e);
  a.sender_rows.erase(a.sender_rows.begin(), r);
  storage_.meter.change(t, -static_cast<std::int64_t>(evict), -bytes);
}

int World::rows_of(MessageId id, const Message& m) const {
  int rows = (m.archived() ? 1 : 0) + (m.has(Message::SenderCopy) ? 1 : 0);
  if (rows > 0 && !evicted_.empty()) {
    if (const auto it = evicted_.find(id); it != evicted_.end())
      rows -= (it->second.entry_at != sim::kNever ? 1 : 0) + (it->second.sender_copy ? 1 : 0);
  }
  return rows;
}

std::span<const ArchiveEntry> World::archive_of(UserId to, const WorldMark& as_of) const {
  const UserArchive& a = archives_[to];
  auto first = a.entries.begin() + a.head;
  auto last = a.entries.end();
  // Entries of messages sent after the mark (ids ascend with archive time);
  // usually there are none.
  if (last != first && (last - 1)->message >= as_of.sent)
    last = std::partition_point(first, last, [&](const ArchiveEntry& e) { return e.message < as_of.sent; });
  if (scenario_->server.mam.retention > 0) {
    // R9.2: entries retention removed by the last send are gone (a prefix).
    first = std::partition_point(
        first, last, [&](const ArchiveEntry& e) { return !archive_entry_alive(e, as_of.last_send); });
  }
  return {a.entries.data() + (first - a.entries.begin()), static_cast<std::size_t>(last - first)};
}

bool World::archive_entry_alive(const ArchiveEntry& e, sim::Time t) const {
  return archive_access(e.archived_at, sim::kNever, scenario_->server.mam.retention).open_at(t);
}

void World::expire(StorageAccount& account, sim::Time t) const {
  const sim::Duration retention = scenario_->server.mam.retention;
  if (retention <= 0) return;
  const auto row_overhead = std::int64_t{scenario_->server.mam.row_overhead_bytes};
  // Rows die in send order, at sent + retention (R9.2).
  while (account.retention_cursor < count_) {
    const Message& m = message(account.retention_cursor);
    if (m.sent + retention > t) break;
    const int rows = rows_of(account.retention_cursor, m);  // not those the cap deleted
    if (rows > 0) account.meter.change(m.sent + retention, -rows, -rows * (std::int64_t{m.size_bytes} + row_overhead));
    ++account.retention_cursor;
  }
}

StorageStats World::archive_storage(sim::Time now) const {
  StorageAccount a = storage_;
  expire(a, now);
  StorageStats out = a.meter.stats(now);
  // Each row written is one insert; retention runs as a bulk job (not per-row ops).
  out.ops[static_cast<std::size_t>(StoreOp::Insert)] = out.rows_written;
  return out;
}

std::uint64_t World::archive_rows(sim::Time now) const {
  StorageAccount a = storage_;
  expire(a, now);
  return a.meter.rows();
}

OccupancySeries World::archive_occupancy(sim::Time now) const {
  StorageAccount a = storage_;
  expire(a, now);
  return a.meter.occupancy(now);
}

std::size_t World::memory_bytes() const {
  std::size_t bytes = chunks_.capacity() * sizeof(chunks_[0]) + contacts_.memory_bytes() +
                      users_.capacity() * sizeof(User) + devices_.capacity() * sizeof(Device) +
                      archives_.capacity() * sizeof(UserArchive);
  for (const auto& a : archives_)
    bytes += a.entries.capacity() * sizeof(ArchiveEntry) + a.sender_rows.capacity() * sizeof(SenderRow);
  bytes += evicted_.size() * (sizeof(Evicted) + 2 * sizeof(void*) + sizeof(MessageId));
  for (const auto& c : chunks_)
    if (c) bytes += c->capacity() * sizeof(Message);
  bytes += retired_.size() * (sizeof(Message) + 2 * sizeof(void*) + sizeof(MessageId));
  bytes += queued_.capacity() * sizeof(queued_[0]);
  return bytes;
}

}  // namespace spoolsim::models

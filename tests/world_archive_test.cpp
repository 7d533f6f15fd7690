// R6.1, R6.2, R9.2, R11.1: the world's archive writes, decisions, lag,
// failures, retention, storage accounting and pruning, on scripted worlds.
#include <gtest/gtest.h>

#include "support/world_support.hpp"

namespace spoolsim::world_test {
namespace {

// Two users: recipient 0 and sender 1, with 0's roster entry for 1 as given.
World pair_world(const Scenario& s, MamDefault recipient_default, bool in_roster, Subscription sub,
                 ArchivePref pref = ArchivePref::None) {
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = recipient_default;
  std::vector<Edge> edges;
  if (in_roster) edges.push_back(Edge{0, 1, sub, mirror(sub), pref, ArchivePref::None});
  return World(s, users, devices, ContactGraph::from_edges(3, edges));
}

TEST(WorldArchive, DecisionTable) {  // R6.2
  Scenario s = small_scenario(3);
  struct Row {
    MamDefault def;
    bool in_roster;
    Subscription sub;
    ArchivePref pref;
    bool expected;
  };
  const Row rows[] = {
      {MamDefault::Always, false, Subscription::None, ArchivePref::None, true},
      {MamDefault::Always, true, Subscription::Both, ArchivePref::None, true},
      {MamDefault::Never, true, Subscription::Both, ArchivePref::None, false},
      {MamDefault::Never, false, Subscription::None, ArchivePref::None, false},
      {MamDefault::Roster, true, Subscription::Both, ArchivePref::None, true},
      {MamDefault::Roster, true, Subscription::To, ArchivePref::None, true},
      {MamDefault::Roster, true, Subscription::From, ArchivePref::None, true},
      {MamDefault::Roster, true, Subscription::None, ArchivePref::None, false},
      {MamDefault::Roster, false, Subscription::None, ArchivePref::None, false},
      // Lists come first: always beats a never default, never beats always.
      {MamDefault::Never, true, Subscription::Both, ArchivePref::Always, true},
      {MamDefault::Roster, true, Subscription::None, ArchivePref::Always, true},
      {MamDefault::Always, true, Subscription::Both, ArchivePref::Never, false},
      {MamDefault::Roster, true, Subscription::Both, ArchivePref::Never, false},
  };
  for (const Row& r : rows) {
    World w = pair_world(s, r.def, r.in_roster, r.sub, r.pref);
    EXPECT_EQ(w.prefs_archive(0, 1), r.expected)
        << to_string(r.def) << " roster=" << r.in_roster << " sub=" << int(r.sub) << " pref=" << int(r.pref);
    const MessageId id = w.send(sim::kHour, 1, 0, 100, false, false, 0);
    EXPECT_EQ(w.message(id).has(Message::MeantToArchive), r.expected);
    EXPECT_EQ(w.archive_of(0).size(), r.expected ? 1u : 0u);
    EXPECT_EQ(w.message(id).has(Message::Stranger), !r.in_roster);
  }
}

TEST(WorldArchive, SetArchivePrefOverridesDefault) {
  Scenario s = small_scenario(3);
  World w = pair_world(s, MamDefault::Always, true, Subscription::Both);
  EXPECT_TRUE(w.prefs_archive(0, 1));
  w.set_archive_pref(0, 1, ArchivePref::Never);
  EXPECT_FALSE(w.prefs_archive(0, 1));
  EXPECT_THROW(w.set_archive_pref(0, 2, ArchivePref::Always), std::invalid_argument);
}

TEST(WorldArchive, MamOffAndNoStoreNeverArchive) {  // R6.1, R4.4
  Scenario s = small_scenario(3);
  {
    World w = pair_world(s, MamDefault::Always, true, Subscription::Both);
    const MessageId id = w.send(10, 1, 0, 100, true, false, 0);
    EXPECT_TRUE(w.message(id).has(Message::NoStore));
    EXPECT_FALSE(w.message(id).has(Message::MeantToArchive));
    EXPECT_FALSE(w.message(id).has(Message::SenderCopy));
    EXPECT_TRUE(w.archive_of(0).empty());
  }
  s.server.mam.enabled = false;
  World w = pair_world(s, MamDefault::Always, true, Subscription::Both);
  const MessageId id = w.send(10, 1, 0, 100, false, false, 0);
  EXPECT_FALSE(w.message(id).archived());
  EXPECT_EQ(w.message(id).readable_at, sim::kNever);
  EXPECT_TRUE(w.archive_of(0).empty());
  EXPECT_EQ(w.archive_storage(s.horizon).rows_written, 0u);
}

TEST(WorldArchive, LagAndFailure) {  // R6.1
  Scenario s = small_scenario(3);
  s.warmup = 0;
  World w = pair_world(s, MamDefault::Always, true, Subscription::Both);
  const MessageId ok = w.send(sim::kHour, 1, 0, 100, false, false, 5 * sim::kSecond);
  const MessageId failed = w.send(2 * sim::kHour, 1, 0, 100, false, true, 5 * sim::kSecond);
  EXPECT_EQ(ok, 0u);
  EXPECT_EQ(failed, 1u);  // dense ids in send order
  EXPECT_TRUE(w.message(ok).archived());
  EXPECT_EQ(w.message(ok).readable_at, sim::kHour + 5 * sim::kSecond);
  EXPECT_TRUE(w.message(failed).has(Message::MeantToArchive));
  EXPECT_TRUE(w.message(failed).has(Message::ArchiveFailed));
  EXPECT_FALSE(w.message(failed).archived());
  EXPECT_FALSE(w.message(failed).has(Message::SenderCopy));  // one draw covers both copies
  auto entries = w.archive_of(0);
  ASSERT_EQ(entries.size(), 1u);  // a failed write leaves no entry
  EXPECT_EQ(entries[0].message, ok);
  EXPECT_EQ(entries[0].archived_at, sim::kHour);
  EXPECT_EQ(entries[0].readable_at, sim::kHour + 5 * sim::kSecond);
  // The sender (default never) keeps no copy: one row, the entry of `ok`.
  EXPECT_TRUE(w.archive_of(1).empty());
  EXPECT_EQ(w.archive_storage(s.horizon).rows_written, 1u);
}

TEST(WorldArchive, SenderCopyFollowsSenderPrefs) {
  Scenario s = small_scenario(3);
  s.warmup = 0;
  World w = pair_world(s, MamDefault::Always, true, Subscription::Both);  // sender 1 default never
  const MessageId a = w.send(10, 1, 0, 100, false, false, 0);
  EXPECT_FALSE(w.message(a).has(Message::SenderCopy));
  const MessageId b = w.send(20, 0, 1, 100, false, false, 0);  // 0 archives always: copy for 0
  EXPECT_TRUE(w.message(b).has(Message::SenderCopy));
  EXPECT_FALSE(w.message(b).has(Message::MeantToArchive));
  s.server.mam.archive_sender_copy = false;
  World v = pair_world(s, MamDefault::Always, true, Subscription::Both);
  EXPECT_FALSE(v.message(v.send(20, 0, 1, 100, false, false, 0)).has(Message::SenderCopy));
}

TEST(WorldArchive, CountedWindow) {  // R1.5
  Scenario s = small_scenario(3);
  World w = pair_world(s, MamDefault::Never, true, Subscription::Both);
  EXPECT_FALSE(w.message(w.send(s.warmup - 1, 1, 0, 1, false, false, 0)).has(Message::Counted));
  EXPECT_TRUE(w.message(w.send(s.warmup, 1, 0, 1, false, false, 0)).has(Message::Counted));
  const sim::Time end = s.horizon - s.drain;
  EXPECT_TRUE(w.message(w.send(end - 1, 1, 0, 1, false, false, 0)).has(Message::Counted));
  EXPECT_FALSE(w.message(w.send(end, 1, 0, 1, false, false, 0)).has(Message::Counted));
  EXPECT_THROW(w.send(end - 1, 1, 0, 1, false, false, 0), std::logic_error);  // time order
}

TEST(WorldArchive, RetentionAndStorageCounters) {  // R9.2, R11.1
  Scenario s = small_scenario(3);
  s.warmup = sim::kDay;
  s.horizon = 10 * sim::kDay;
  s.drain = sim::kDay;  // window [1d, 9d)
  s.server.mam.retention = 2 * sim::kDay;
  s.server.mam.row_overhead_bytes = 400;
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = MamDefault::Always;
  users[1].mam_default = MamDefault::Always;
  World w(s, users, devices, ContactGraph::from_edges(3, std::vector<Edge>{Edge::mutual(0, 1)}));
  const sim::Duration d = sim::kDay;
  // Each send writes 2 rows (entry + sender copy) of 100 + 400 bytes.
  w.send(d / 2, 1, 0, 100, false, false, 0);  // before the window; deleted at 2.5d
  w.send(2 * d, 1, 0, 100, false, false, 0);  // deleted at 4d
  EXPECT_EQ(w.archive_of(0).size(), 2u);
  w.send(3 * d, 1, 0, 100, false, false, 0);  // deleted at 5d
  // Statistics so far cover [1d, 3d): 2 rows for 1d, 4 for 0.5d, 2 for 0.5d.
  EXPECT_NEAR(w.archive_storage(3 * d).mean_rows, (2 * 1.0 + 4 * 0.5 + 2 * 0.5) / 2.0, 1e-9);
  ASSERT_EQ(w.archive_of(0).size(), 2u);      // the first one expired at 2.5d
  EXPECT_EQ(w.archive_of(0)[0].archived_at, 2 * d);
  EXPECT_TRUE(w.archive_entry_alive(w.archive_of(0)[0], 4 * d - 1));
  EXPECT_FALSE(w.archive_entry_alive(w.archive_of(0)[0], 4 * d));
  EXPECT_EQ(w.archive_rows(3 * d), 4u);
  EXPECT_EQ(w.archive_rows(5 * d), 0u);
  w.send(9 * d + d / 2, 1, 0, 100, false, false, 0);  // after the window
  const StorageStats st = w.archive_storage(s.horizon);
  // Rows: 2 at 1d; 4 on [2d, 2.5d); 2 on [2.5d, 3d); 4 on [3d, 4d); 2 on [4d, 5d); 0 after.
  const double row_days = 2 * 1.0 + 4 * 0.5 + 2 * 0.5 + 4 * 1.0 + 2 * 1.0;
  EXPECT_EQ(st.peak_rows, 4u);
  EXPECT_EQ(st.peak_bytes, 2000u);
  EXPECT_EQ(st.rows_written, 4u);
  EXPECT_EQ(st.rows_deleted, 6u);
  EXPECT_EQ(st.ops[static_cast<std::size_t>(StoreOp::Insert)], 4u);
  EXPECT_NEAR(st.byte_days, row_days * 500.0, 1e-6);
  EXPECT_NEAR(st.mean_rows, row_days / 8.0, 1e-9);
}

TEST(WorldArchive, PeakCountsLevelAtWindowStart) {  // R11.1
  Scenario s = small_scenario(3);
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = MamDefault::Always;
  s.server.mam.archive_sender_copy = false;
  World w(s, users, devices, ContactGraph{});
  for (int i = 0; i < 5; ++i) w.send(sim::kHour * (i + 1), 1, 0, 100, false, false, 0);  // all before warmup
  const StorageStats st = w.archive_storage(s.horizon);
  EXPECT_EQ(st.peak_rows, 5u);
  EXPECT_EQ(st.rows_written, 0u);
  EXPECT_NEAR(st.mean_rows, 5.0, 1e-9);
}

TEST(WorldArchive, PruningDropsOnlyUnfetchableEntries) {
  Scenario s = small_scenario(3);
  s.clients[0].catchup_max_age = sim::kDay;
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = MamDefault::Always;
  World pruned(s, users, devices, ContactGraph{});
  World kept(s, users, devices, ContactGraph{});
  kept.set_archive_pruning(false);
  EXPECT_EQ(pruned.archive_keep_window(), sim::kDay);
  for (World* w : {&pruned, &kept}) {
    for (int i = 0; i < 100; ++i) w->send(sim::kHour * i, 1, 0, 100, false, false, 0);
  }
  // At 99h, entries older than 75h can never be fetched (catchup_max_age 1d);
  // pruning happens when a user's vector is full, so some may remain.
  auto a = pruned.archive_of(0);
  ASSERT_FALSE(a.empty());
  EXPECT_LT(a.size(), 100u - 40u);
  EXPECT_EQ(a.back().archived_at, 99 * sim::kHour);
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_LT(a[i - 1].message, a[i].message);
  EXPECT_EQ(kept.archive_of(0).size(), 100u);
  // Storage is the same either way.
  EXPECT_EQ(pruned.archive_storage(s.horizon).byte_days, kept.archive_storage(s.horizon).byte_days);
  // Every entry the pruned archive dropped is one no catch-up could fetch.
  for (const ArchiveEntry& e : kept.archive_of(0)) {
    const bool present = std::any_of(a.begin(), a.end(), [&](auto& x) { return x.message == e.message; });
    if (!present) {
      EXPECT_LT(e.archived_at, 99 * sim::kHour - sim::kDay);
    }
  }
}

TEST(WorldArchive, CapDeletesTheOldestRowsDownTo99Percent) {  // R6.1 mam.max_user_messages, R11.1
  // User 0 holds 200 rows at most: entries for it and the copies of what it
  // sent. The write that finds 200 first deletes the oldest 2 (down to
  // floor(200 * 0.99) = 198), entries and sender copies alike.
  Scenario s = small_scenario(3);
  s.server.mam.max_user_messages = 200;
  s.server.mam.row_overhead_bytes = 400;
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = MamDefault::Always;
  World w(s, users, devices, ContactGraph{});
  const sim::Time t0 = 2 * sim::kDay;  // inside the counted window
  const MessageId own = w.send(t0, 0, 1, 100, false, false, 0);  // user 0's sender copy, its oldest row
  std::vector<MessageId> in;
  for (int i = 0; i < 199; ++i) in.push_back(w.send(t0 + 1 + i, 1, 0, 100, false, false, 0));
  EXPECT_EQ(w.archive_of(0).size(), 199u);  // 200 rows: full, nothing deleted yet
  EXPECT_TRUE(w.evicted_by_last_send().empty());
  const sim::Time full = t0 + 500;
  const MessageId last = w.send(full, 1, 0, 100, false, false, 0);
  // The sender copy and the oldest entry went; the new entry came in.
  ASSERT_EQ(w.evicted_by_last_send().size(), 1u);
  EXPECT_EQ(w.evicted_by_last_send()[0], in[0]);
  EXPECT_EQ(w.archive_evicted_at(in[0]), full);
  EXPECT_EQ(w.archive_evicted_at(in[1]), sim::kNever);
  EXPECT_EQ(w.archive_evicted_at(own), sim::kNever);  // a sender copy is no recipient entry
  const auto a = w.archive_of(0);
  ASSERT_EQ(a.size(), 199u);
  EXPECT_EQ(a.front().message, in[1]);
  EXPECT_EQ(a.back().message, last);
  // Storage: 201 written, 2 deleted, 199 held; user 1 holds no rows (never).
  EXPECT_EQ(w.archive_rows(full), 199u);
  const StorageStats st = w.archive_storage(full);
  EXPECT_EQ(st.rows_written, 201u);
  EXPECT_EQ(st.rows_deleted, 2u);
  EXPECT_EQ(st.peak_rows, 200u);  // deleted before the write: never 201
  // The next write finds 199: no deletion.
  w.send(full + 1, 1, 0, 100, false, false, 0);
  EXPECT_TRUE(w.evicted_by_last_send().empty());
  EXPECT_EQ(w.archive_of(0).size(), 200u);
}

TEST(WorldArchive, CapCountsWhatRetentionLeftAndRetentionSkipsDeletedRows) {  // R6.1, R9.2, R11.1
  Scenario s = small_scenario(3);
  s.server.mam.max_user_messages = 3;  // keeps floor(2.97) = 2 at a full write
  s.server.mam.retention = sim::kDay;
  s.server.mam.archive_sender_copy = false;
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = MamDefault::Always;
  World w(s, users, devices, ContactGraph{});
  const sim::Time t0 = 2 * sim::kDay;
  const MessageId m0 = w.send(t0, 1, 0, 100, false, false, 0);
  const MessageId m1 = w.send(t0 + sim::kHour, 1, 0, 100, false, false, 0);
  w.send(t0 + 2 * sim::kHour, 1, 0, 100, false, false, 0);
  const MessageId m3 = w.send(t0 + 3 * sim::kHour, 1, 0, 100, false, false, 0);  // full: m0 goes
  EXPECT_EQ(w.archive_evicted_at(m0), t0 + 3 * sim::kHour);
  EXPECT_EQ(w.archive_evicted_at(m1), sim::kNever);
  EXPECT_EQ(w.archive_rows(t0 + 3 * sim::kHour), 3u);
  // m0's retention time: its row is gone already, so nothing is deleted again.
  EXPECT_EQ(w.archive_rows(t0 + sim::kDay), 3u);
  // Retention then removes m1, so the next write finds 2 rows and deletes nothing.
  const sim::Time later = t0 + sim::kHour + sim::kDay;
  EXPECT_EQ(w.archive_rows(later), 2u);
  const MessageId m4 = w.send(later, 1, 0, 100, false, false, 0);
  EXPECT_TRUE(w.evicted_by_last_send().empty());
  ASSERT_EQ(w.archive_of(0).size(), 3u);
  EXPECT_EQ(w.archive_of(0)[1].message, m3);
  EXPECT_EQ(w.archive_of(0)[2].message, m4);
  EXPECT_EQ(w.archive_rows(later + 2 * sim::kDay), 0u);  // never below zero
  EXPECT_EQ(w.archive_storage(s.horizon).rows_deleted, 5u);  // 1 by the cap, 4 by retention
}

TEST(WorldArchive, MessageRecordIsSmall) { EXPECT_LE(sizeof(Message), 32u); }

// Memory: recycle() frees whole chunks of records sent before its previous
// call, except messages a replica holds, which keep every field.
constexpr std::uint32_t kChunk = 1u << 16;

TEST(WorldRecycle, FreesUnheldRecordsAndKeepsHeldOnes) {
  Scenario s = small_scenario(3);
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  World w(s, users, devices, ContactGraph());
  for (std::uint32_t i = 0; i < 3 * kChunk; ++i) w.send(i, 1 + i % 2, 0, 100 + i % 7, false, false, 0);
  const Message kept_a = w.message(5), kept_b = w.message(kChunk + 9);
  const auto none = [](auto&&) {};
  w.recycle(none);  // marks where the next call may free up to
  const std::size_t before = w.memory_bytes();
  w.recycle([&](auto&& held) {
    held(MessageId{5});
    held(MessageId{kChunk + 9});
  });
  EXPECT_LT(w.memory_bytes() + 3 * kChunk * sizeof(Message) * 9 / 10, before);
  EXPECT_EQ(w.message(5).sender, kept_a.sender);
  EXPECT_EQ(w.message(5).sent, kept_a.sent);
  EXPECT_EQ(w.message(5).size_bytes, kept_a.size_bytes);
  EXPECT_EQ(w.message(kChunk + 9).sender, kept_b.sender);
  EXPECT_EQ(w.message(kChunk + 9).sent, kept_b.sent);
  EXPECT_THROW(w.message(6), std::logic_error);
  // Still held at the next call: kept again; no longer held: gone.
  const MessageId next = w.send(3 * kChunk, 2, 0, 50, false, false, 0);
  EXPECT_EQ(w.message(next).size_bytes, 50u);
  w.recycle([&](auto&& held) { held(MessageId{5}); });
  EXPECT_EQ(w.message(5).sent, kept_a.sent);
  EXPECT_THROW(w.message(kChunk + 9), std::logic_error);
  EXPECT_EQ(w.message_count(), 3u * kChunk + 1);
}

// A chunk whose records are still held in large numbers (full spools) stays
// whole: a side-table entry per record would cost more memory and a lookup
// on every read. One held in small numbers is freed, and once freed it stays
// freed (its held records live on in the side table).
TEST(WorldRecycle, AChunkStillHeldInBulkStaysWhole) {
  Scenario s = small_scenario(3);
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  World w(s, users, devices, ContactGraph());
  for (std::uint32_t i = 0; i < 3 * kChunk; ++i) w.send(i, 1 + i % 2, 0, 100 + i % 7, false, false, 0);
  const auto none = [](auto&&) {};
  w.recycle(none);
  const std::size_t before = w.memory_bytes();
  const std::uint32_t bulk = kChunk / 8;  // above the keep-whole threshold (1/16 of a chunk)
  w.recycle([&](auto&& held) {
    for (std::uint32_t i = 0; i < bulk; ++i) held(MessageId{i * 8});  // chunk 0, in bulk
    held(MessageId{kChunk + 9});                                        // chunk 1, one record
  });
  // Chunks 1 and 2 are freed, chunk 0 stays: about one chunk of records is left.
  EXPECT_LT(w.memory_bytes() + 2 * kChunk * sizeof(Message) * 9 / 10, before);
  EXPECT_GT(w.memory_bytes() + kChunk * sizeof(Message) / 10, before - 2 * kChunk * sizeof(Message));
  EXPECT_EQ(w.message(8).sent, 8);
  EXPECT_EQ(w.message(7).sent, 7);  // not held, but its chunk stays whole
  EXPECT_EQ(w.message(kChunk + 9).sent, kChunk + 9);
  EXPECT_THROW(w.message(kChunk + 10), std::logic_error);
}

TEST(WorldRecycle, KeepsListedArchiveEntriesAndRowsRetentionHasToDelete) {
  Scenario s = small_scenario(3);
  s.server.mam.retention = 10 * kChunk;  // microseconds: rows of the last 10 chunks of sends live on
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(3, users, devices);
  users[0].mam_default = MamDefault::Always;
  World w(s, users, devices, ContactGraph());
  for (std::uint32_t i = 0; i < 4 * kChunk; ++i) w.send(i, 1, i % 2 == 0 ? 0 : 2, 100, false, false, 0);
  const auto none = [](auto&&) {};
  w.recycle(none);
  w.recycle(none);
  // Nothing has expired, so every record stays (retention's cursor is at 0).
  EXPECT_EQ(w.message(1).recipient, 2u);
  for (const ArchiveEntry& e : w.archive_of(0)) ASSERT_EQ(w.message(e.message).recipient, 0u);
  EXPECT_EQ(w.archive_rows(4 * kChunk), 2u * kChunk);
}

}  // namespace
}  // namespace spoolsim::world_test

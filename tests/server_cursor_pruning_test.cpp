// Memory: World::prune_read drops a user's archive entries below the lowest
// catch-up cursor over every replica (docs/model.md, notes on scale). A
// catch-up reads only from its device's cursor on, so pruning must not
// change what any replica fetches or decides; these scripts run the same
// timeline with and without pruning and compare.
#include <gtest/gtest.h>

#include <cstdint>

#include "support/server_profiles.hpp"

namespace spoolsim::testing {
namespace {

using namespace spoolsim::models;

// What the driver does at its daily recycle (models/simulation.cpp).
void prune(ServerScript& s, const std::vector<StrategyKind>& strategies) {
  s.world().prune_read([&](UserId u) {
    std::uint64_t lowest = UINT64_MAX;
    for (const StrategyKind k : strategies) lowest = std::min(lowest, s.replica(k).archive_read_from(u));
    return lowest;
  });
}

// a sends; b has two catch-up devices with no age limit (as Monal), so
// only the cursors bound what may still be fetched; c has one device
// without catch-up.
struct PruningScript {
  PruningScript() : s(scenario()) {
    a = s.add_user({kPlain});
    b = s.add_user({monal, monal}, MamDefault::Always);
    c = s.add_user({kPlain}, MamDefault::Always);
    s.build(kAllStrategies);
    b1 = s.device(b, 0);
    b2 = s.device(b, 1);
  }
  Scenario scenario() {
    Scenario sc = rules_scenario();
    ClientProfile p = bind2_profile("monal", true, true);
    p.catchup_max_age = kNoAgeLimit;
    monal = static_cast<ProfileIndex>(sc.clients.size());
    sc.clients.push_back(p);
    sc.horizon = 3 * sim::kDay;
    return sc;
  }
  ProfileIndex monal = 0;
  ServerScript s;
  UserId a = 0, b = 0, c = 0;
  DeviceId b1 = 0, b2 = 0;
};

std::vector<MessageId> burst(PruningScript& p, sim::Time t, UserId to, int n) {
  std::vector<MessageId> m;
  for (int i = 0; i < n; ++i) m.push_back(p.s.send(t + i, p.a, to));
  return m;
}

// The timeline: both of b's devices catch up on a first burst; b2 catches
// up on a second one while b1 is away, then b1 comes back. `pruned` prunes
// after each step, as the driver's daily recycle may.
void timeline(PruningScript& p, bool pruned, std::vector<std::vector<MessageId>>* fetched = nullptr) {
  const auto step = [&] {
    if (pruned) prune(p.s, kAllStrategies);
  };
  const auto record = [&] {
    if (fetched) fetched->emplace_back(p.s.replica(StrategyKind::PurgeArchived).last_catch_up().begin(),
                                       p.s.replica(StrategyKind::PurgeArchived).last_catch_up().end());
  };
  burst(p, hours(1), p.b, 5);
  burst(p, hours(1) + 100, p.c, 3);
  step();
  p.s.connect(hours(2), p.b1);
  record();
  p.s.connect(hours(2) + 1, p.b2);
  record();
  p.s.disconnect(hours(3), p.b1);
  p.s.disconnect(hours(3), p.b2);
  step();
  burst(p, hours(4), p.b, 5);
  step();
  p.s.connect(hours(5), p.b2);
  record();
  p.s.disconnect(hours(6), p.b2);
  step();
  p.s.connect(sim::kDay + hours(1), p.b1);
  record();
  step();
  p.s.finish();
}

TEST(ServerCursorPruning, CatchUpsAfterPruningFetchAndDecideTheSame) {
  PruningScript plain, pruned;
  std::vector<std::vector<MessageId>> fetched_plain, fetched_pruned;
  timeline(plain, false, &fetched_plain);
  timeline(pruned, true, &fetched_pruned);
  ASSERT_EQ(fetched_plain.size(), 4u);
  EXPECT_EQ(fetched_plain, fetched_pruned);
  EXPECT_EQ(fetched_plain[0].size(), 5u);  // the script does exercise the catch-up
  EXPECT_EQ(fetched_plain[3].size(), 5u);  // b1 fetches the second burst from its cursor
  for (const StrategyKind k : kAllStrategies) {
    EXPECT_EQ(plain.s.replica(k).fingerprint(), pruned.s.replica(k).fingerprint()) << to_string(k);
    for (MessageId m = 0; m < plain.s.world().message_count(); ++m) {
      const auto x = plain.s.replica(k).fate(m), y = pruned.s.replica(k).fate(m);
      ASSERT_EQ(x.has_value(), y.has_value()) << to_string(k) << " m" << m;
      if (!x) continue;
      EXPECT_EQ(x->kind, y->kind) << to_string(k) << " m" << m;
      EXPECT_EQ(x->cause, y->cause) << to_string(k) << " m" << m;
      EXPECT_EQ(x->first_received, y->first_received) << to_string(k) << " m" << m;
      EXPECT_EQ(x->duplicates, y->duplicates) << to_string(k) << " m" << m;
      EXPECT_EQ(x->decider, y->decider) << to_string(k) << " m" << m;
    }
    const StrategyResult rx = plain.s.replica(k).result(), ry = pruned.s.replica(k).result();
    EXPECT_EQ(rx.archive.rows_written, ry.archive.rows_written) << to_string(k);
    EXPECT_EQ(rx.archive.ops, ry.archive.ops) << to_string(k);
  }
  // ... and it did drop something: the last prune saw every cursor past both bursts.
  EXPECT_EQ(plain.s.world().archive_of(plain.b).size(), 10u);
  EXPECT_EQ(pruned.s.world().archive_of(pruned.b).size(), 0u);
}

TEST(ServerCursorPruning, DropsEntriesBelowTheLowestCursorAndKeepsThoseADeviceAwayCanRead) {
  PruningScript p;
  const std::vector<MessageId> first = burst(p, hours(1), p.b, 4);
  burst(p, hours(1) + 100, p.c, 3);
  p.s.connect(hours(2), p.b1);  // b2 never connects: its cursor stays at 0
  p.s.disconnect(hours(3), p.b1);
  const std::vector<MessageId> second = burst(p, hours(4), p.b, 2);
  prune(p.s, kAllStrategies);
  // b2 may still fetch every entry of b's; nobody reads c's (no catch-up device).
  ASSERT_EQ(p.s.world().archive_of(p.b).size(), 6u);
  EXPECT_EQ(p.s.world().archive_of(p.b).front().message, first.front());
  EXPECT_EQ(p.s.world().archive_of(p.c).size(), 0u);
  for (const StrategyKind k : kAllStrategies) {
    EXPECT_EQ(p.s.replica(k).archive_read_from(p.b), 0u) << to_string(k);
    EXPECT_EQ(p.s.replica(k).archive_read_from(p.c), UINT64_MAX) << to_string(k);
  }
  // Once b2 has caught up too, only what follows both cursors stays.
  p.s.connect(hours(5), p.b2);
  p.s.disconnect(hours(6), p.b2);
  const MessageId third = p.s.send(hours(7), p.a, p.b);
  prune(p.s, kAllStrategies);
  EXPECT_EQ(p.s.replica(StrategyKind::PurgeAll).cursor_end(p.b1), first.back() + std::uint64_t{1});
  ASSERT_EQ(p.s.world().archive_of(p.b).size(), 3u);  // b1 has yet to fetch the second burst
  EXPECT_EQ(p.s.world().archive_of(p.b)[0].message, second[0]);
  EXPECT_EQ(p.s.world().archive_of(p.b)[2].message, third);
  // Switched off, nothing goes.
  p.s.world().set_archive_pruning(false);
  p.s.connect(hours(8), p.b1);
  p.s.disconnect(hours(9), p.b1);
  p.s.connect(hours(10), p.b2);
  prune(p.s, kAllStrategies);
  EXPECT_EQ(p.s.world().archive_of(p.b).size(), 3u);
}

// Once its entry is pruned and its fate decided, a message's record can be
// recycled (World::recycle frees whole chunks of 65,536 records): without
// pruning the listed entry keeps it.
TEST(ServerCursorPruning, PrunedEntriesLetTheirRecordsBeRecycled) {
  constexpr std::uint32_t kMessages = 3u << 16;
  const auto run = [&](bool pruned) {
    PruningScript p;
    p.s.connect(0, p.b1);
    p.s.connect(0, p.b2);  // online: every message is delivered at once and moves both cursors
    for (std::uint32_t i = 0; i < kMessages; ++i) p.s.send(hours(1) + i, p.a, p.b);
    const auto recycle = [&] {
      if (pruned) prune(p.s, kAllStrategies);
      p.s.world().recycle([&](auto&& held) {
        for (const StrategyKind k : kAllStrategies) p.s.replica(k).for_each_held(held);
      });
    };
    recycle();  // marks where the next call may free up to
    p.s.send(hours(2), p.a, p.b);
    recycle();
    EXPECT_EQ(p.s.world().archive_of(p.b).size(), pruned ? 0u : kMessages + 1);
    return p.s.world().memory_bytes();
  };
  const std::size_t kept = run(false), recycled = run(true);
  EXPECT_LT(recycled + std::size_t{kMessages} * (sizeof(Message) + sizeof(ArchiveEntry)) * 9 / 10, kept);
}

}  // namespace
}  // namespace spoolsim::testing

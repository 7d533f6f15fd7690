// The archive as a replica behind the generator reads it: as of a mark
// (later messages left out, retention as of the mark's last send), and
// pruning that keeps what a reader at an earlier time can still fetch.
#include <gtest/gtest.h>

#include "support/world_support.hpp"

namespace spoolsim::world_test {
namespace {

World archiving_world(const Scenario& s) {
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(2, users, devices);
  users[0].mam_default = MamDefault::Always;
  return World(s, users, devices, ContactGraph{});
}

TEST(WorldArchiveAsOf, LaterMessagesAreLeftOut) {
  const Scenario s = small_scenario(2);
  World w = archiving_world(s);
  const WorldMark empty = w.mark();
  w.send(sim::kHour, 1, 0, 100, false, false, 0);
  const WorldMark one = w.mark();
  EXPECT_EQ(one.sent, 1u);
  EXPECT_EQ(one.last_send, sim::kHour);
  // Sent at the same instant with no lag: readable at once, but not yet sent at `one`.
  w.send(sim::kHour, 1, 0, 100, false, false, 0);
  w.send(2 * sim::kHour, 1, 0, 100, false, false, 0);
  EXPECT_TRUE(w.archive_of(0, empty).empty());
  ASSERT_EQ(w.archive_of(0, one).size(), 1u);
  EXPECT_EQ(w.archive_of(0, one)[0].message, 0u);
  EXPECT_EQ(w.archive_of(0).size(), 3u);
  EXPECT_EQ(w.archive_of(0, w.mark()).size(), 3u);
}

TEST(WorldArchiveAsOf, RetentionAsOfTheMarksLastSend) {  // R9.2
  Scenario s = small_scenario(2);
  s.server.mam.retention = sim::kDay;
  World w = archiving_world(s);
  w.send(sim::kHour, 1, 0, 100, false, false, 0);
  const WorldMark before = w.mark();
  w.set_readers_from(before.last_send);  // as the driver does, or pruning (window 1d) drops it
  w.send(sim::kDay + 2 * sim::kHour, 1, 0, 100, false, false, 0);  // the first expired at 1d 1h
  ASSERT_EQ(w.archive_of(0).size(), 1u);
  EXPECT_EQ(w.archive_of(0)[0].message, 1u);
  ASSERT_EQ(w.archive_of(0, before).size(), 1u);
  EXPECT_EQ(w.archive_of(0, before)[0].message, 0u) << "still there at the mark's last send";
}

TEST(WorldArchiveAsOf, PruningKeepsWhatAReaderBehindCanFetch) {
  Scenario s = small_scenario(2);
  s.clients[0].catchup_max_age = sim::kDay;
  World behind = archiving_world(s);
  World current = archiving_world(s);
  ASSERT_EQ(behind.archive_keep_window(), sim::kDay);
  // A reader at 1d can fetch entries archived from 0 on, however far the sends go.
  behind.set_readers_from(sim::kDay);
  for (World* w : {&behind, &current}) {
    w->send(sim::kHour, 1, 0, 100, false, false, 0);
    for (int i = 0; i < 100; ++i) w->send(3 * sim::kDay + i, 1, 0, 100, false, false, 0);
  }
  ASSERT_EQ(behind.archive_of(0).size(), 101u);
  EXPECT_EQ(behind.archive_of(0)[0].archived_at, sim::kHour);
  // Without a reader behind, the vector's growth at 3d dropped it (older than 3d - 1d).
  EXPECT_EQ(current.archive_of(0).size(), 100u);
  EXPECT_EQ(current.archive_of(0)[0].archived_at, 3 * sim::kDay);
  // Once the reader catches up, the next growth drops it too.
  behind.set_readers_from(sim::kNever);
  for (int i = 0; i < 200; ++i) behind.send(3 * sim::kDay + 100 + i, 1, 0, 100, false, false, 0);
  EXPECT_EQ(behind.archive_of(0)[0].archived_at, 3 * sim::kDay);
}

}  // namespace
}  // namespace spoolsim::world_test

// R1.2-R1.5, R3, R4, R7.4: the world's timeline: presence, timers, traffic,
// order, stream stability and determinism.
#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "support/world_support.hpp"

namespace spoolsim::world_test {
namespace {

bool is_server_timer(WorldEventKind k) {
  return k == WorldEventKind::ZombieDetected || k == WorldEventKind::ResumeExpired;
}

TEST(WorldGenerator, EventsInR12OrderEndingWithHorizon) {
  Scenario s = small_scenario(100);
  s.clients[0].abrupt_disconnect_share = 0.5;
  s.clients[0].stream_management = true;
  World w(s, 0);
  WorldGenerator g(w, 0);
  auto events = run_all(g);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, WorldEventKind::Horizon);
  EXPECT_EQ(events.back().time, s.horizon);
  EXPECT_EQ(g.events(), events.size());
  WorldEvent extra;
  EXPECT_FALSE(g.next(extra));
  for (std::size_t i = 1; i < events.size(); ++i) {
    ASSERT_LE(events[i - 1].time, events[i].time) << i;
    if (events[i - 1].time == events[i].time && is_server_timer(events[i - 1].kind) &&
        events[i].kind != WorldEventKind::Horizon) {
      EXPECT_TRUE(is_server_timer(events[i].kind)) << "world event after a server timer at one instant";
    }
    ASSERT_LT(events[i - 1].time, s.horizon);
  }
}

TEST(WorldGenerator, ConnectionNumbersAndTimers) {  // R7.4
  Scenario s = small_scenario(300);
  s.clients = {profile("sm"), profile("nosm")};
  s.clients[0].stream_management = true;
  s.clients[0].abrupt_disconnect_share = 0.6;
  s.clients[1].abrupt_disconnect_share = 0.6;
  s.population.client_mix = {{0, 1.0}, {1, 1.0}};
  s.server.stream_management.ack_timeout = 60 * sim::kSecond;
  s.server.stream_management.resume_timeout = 300 * sim::kSecond;
  s.server.zombie_detect_delay = sim::Distribution::constant(static_cast<double>(10 * sim::kMinute));
  World w(s, 0);
  WorldGenerator g(w, 0);
  std::vector<std::uint32_t> connection(w.devices().size(), 0);
  std::vector<bool> online(w.devices().size(), false);
  // Pending timers per device: (kind, due, connection).
  std::map<DeviceId, std::vector<std::tuple<WorldEventKind, sim::Time, std::uint32_t>>> due;
  std::uint64_t zombies = 0, resumes = 0, abrupt = 0;
  WorldEvent e;
  while (g.next(e)) {
    if (e.kind == WorldEventKind::Horizon || e.kind == WorldEventKind::Send) continue;
    const DeviceId d = e.device;
    const bool sm = w.profile_of(d).stream_management;
    switch (e.kind) {
      case WorldEventKind::Connect:
        ASSERT_FALSE(online[d]);
        ASSERT_EQ(e.connection, connection[d] + 1);
        connection[d] = e.connection;
        online[d] = true;
        due[d].clear();  // a new connection makes the old timers moot: they never fire
        break;
      case WorldEventKind::Disconnect:
        ASSERT_TRUE(online[d]);
        ASSERT_EQ(e.connection, connection[d]);
        online[d] = false;
        if (e.abrupt) {
          ++abrupt;
          const sim::Duration detect = sm ? 60 * sim::kSecond : 10 * sim::kMinute;
          due[d].emplace_back(WorldEventKind::ZombieDetected, e.time + detect, e.connection);
          if (sm) due[d].emplace_back(WorldEventKind::ResumeExpired, e.time + detect + 300 * sim::kSecond, e.connection);
        }
        break;
      case WorldEventKind::ZombieDetected:
      case WorldEventKind::ResumeExpired: {
        ++(e.kind == WorldEventKind::ZombieDetected ? zombies : resumes);
        ASSERT_FALSE(online[d]);
        ASSERT_FALSE(due[d].empty());
        auto [kind, at, conn] = due[d].front();
        EXPECT_EQ(e.kind, kind);
        EXPECT_EQ(e.time, at);
        EXPECT_EQ(e.connection, conn);
        EXPECT_EQ(e.connection, connection[d]);
        due[d].erase(due[d].begin());
        break;
      }
      default: break;
    }
    EXPECT_EQ(g.online(d), online[d]);
    EXPECT_EQ(g.connection(d), connection[d]);
  }
  EXPECT_GT(abrupt, 1000u);
  EXPECT_GT(zombies, 500u);
  EXPECT_GT(resumes, 100u);
}

// R7.4 at the boundary: a timer due exactly when its device connects again
// never fires (the connect runs first at one instant, R1.2, and makes it
// moot); one microsecond earlier it fires after every abrupt disconnect. The
// generator leaves out timers it knows a connect will cancel, so this is
// where an off-by-one would show.
TEST(WorldGenerator, TimerDueAtTheReconnectNeverFires) {
  const sim::Duration off = 20 * sim::kMinute;
  // (zombie detection without SM, ack timeout, resume timeout): timers fired
  // and the counts expected from the disconnects (every one abrupt).
  auto check = [&](sim::Duration zombie_detect, sim::Duration ack, sim::Duration resume) {
    Scenario s = small_scenario(50);
    s.clients = {profile("nosm"), profile("sm")};
    for (ClientProfile& p : s.clients) {
      p.offline_duration = sim::Distribution::constant(static_cast<double>(off));
      p.abrupt_disconnect_share = 1.0;
    }
    s.clients[1].stream_management = true;
    s.population.client_mix = {{0, 1.0}, {1, 1.0}};
    s.server.stream_management.enabled = true;
    s.server.stream_management.ack_timeout = ack;
    s.server.stream_management.resume_timeout = resume;
    s.server.zombie_detect_delay = sim::Distribution::constant(static_cast<double>(zombie_detect));
    World w(s, 0);
    WorldGenerator g(w, 0);
    std::uint64_t zombies = 0, resumes = 0, want_zombies = 0, want_resumes = 0, disconnects = 0;
    for (const WorldEvent& e : run_all(g)) {
      if (e.kind == WorldEventKind::ZombieDetected) ++zombies;
      if (e.kind == WorldEventKind::ResumeExpired) ++resumes;
      if (e.kind != WorldEventKind::Disconnect) continue;
      ++disconnects;
      const bool sm = w.profile_of(e.device).stream_management;
      const sim::Duration detect = sm ? ack : zombie_detect;
      // Due before the reconnect at e.time + off, and before the horizon.
      if (detect < off && e.time + detect < s.horizon) ++want_zombies;
      if (sm && detect + resume < off && e.time + detect + resume < s.horizon) ++want_resumes;
    }
    EXPECT_GT(disconnects, 1000u);
    EXPECT_EQ(zombies, want_zombies) << "detect " << zombie_detect << " ack " << ack << " resume " << resume;
    EXPECT_EQ(resumes, want_resumes) << "detect " << zombie_detect << " ack " << ack << " resume " << resume;
    return std::make_pair(zombies, resumes);
  };
  EXPECT_EQ(check(off, off, 0), std::make_pair(std::uint64_t{0}, std::uint64_t{0}));  // all due at the reconnect
  const auto [z1, r1] = check(off - 1, off - 1, 1);  // zombie timers 1 us before, resume timers at it
  EXPECT_GT(z1, 1000u);
  EXPECT_EQ(r1, 0u);
  const auto [z2, r2] = check(off - 2, off - 2, 1);  // both before
  EXPECT_GT(r2, 500u);
}

TEST(WorldGenerator, StationaryOnlineShare) {  // R3 initial state
  Scenario s = small_scenario(6000);
  s.population.devices_per_user = sim::Distribution::constant(1);
  s.traffic.messages_per_user_per_day = 0;
  const double p = 2.0 / 8.0;  // E[on] / (E[on] + E[off])
  EXPECT_DOUBLE_EQ(WorldGenerator::stationary_online_share(s.clients[0]), p);
  World w(s, 0);
  WorldGenerator g(w, 0);
  const double n = static_cast<double>(w.devices().size());
  auto online_share = [&] {
    double on = 0;
    for (DeviceId d = 0; d < w.devices().size(); ++d) on += g.online(d) ? 1.0 : 0.0;
    return on / n;
  };
  WorldEvent e;
  for (sim::Time check : {sim::Time{1}, 30 * sim::kHour}) {  // at start and later
    while (g.now() < check && g.next(e)) {
    }
    EXPECT_NEAR(online_share(), p, share_tolerance(p, n)) << "at " << check;
  }
}

TEST(WorldGenerator, ResidualTimesHaveTheStationaryMean) {
  // E[residual] = E[X^2] / (2 E[X]): constant c -> c/2; uniform(a,b) -> (a^2+ab+b^2)/(3(a+b)).
  sim::RandomStream rng(1, 0, 1, 1);
  const int n = 40000;
  struct Case {
    sim::Distribution d;
    double mean;
    double sd_bound;
  };
  const Case cases[] = {
      {sim::Distribution::constant(10.0), 5.0, 3.0},
      {sim::Distribution::uniform(2.0, 4.0), (4.0 + 8.0 + 16.0) / 18.0, 1.0},
      {sim::Distribution::empirical({1.0, 3.0}, {1.0, 1.0}), (1.0 + 9.0) / 2.0 / (2.0 * 2.0), 1.0},
      {sim::Distribution::weibull(1.0, 2.0), 1.0 / std::sqrt(3.14159265358979), 1.0},
      {sim::Distribution::lognormal_median(1.0, 0.5), std::exp(2 * 0.25) / (2 * std::exp(0.125)), 1.0},
  };
  for (const Case& c : cases) {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += WorldGenerator::sample_residual(c.d, rng);
    // sd_bound bounds the residual's standard deviation; tolerance is 4 standard errors.
    EXPECT_NEAR(sum / n, c.mean, 4.0 * c.sd_bound / std::sqrt(double(n)) + 1e-9) << int(c.d.kind);
  }
}

TEST(WorldGenerator, DiurnalPresenceComesOnlineOnlyInActiveHours) {
  Scenario s = small_scenario(300);
  Diurnal f(24, 0.0);
  for (int h = 8; h < 20; ++h) f[static_cast<std::size_t>(h)] = 2.0;  // mean 1
  s.clients[0].diurnal = f;
  s.traffic.messages_per_user_per_day = 0;
  World w(s, 0);
  WorldGenerator g(w, 0);
  std::uint64_t connects = 0;
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind != WorldEventKind::Connect || e.time == 0) continue;
    ++connects;
    const auto hour = (e.time / sim::kHour) % 24;
    EXPECT_GE(hour, 8);
    EXPECT_LT(hour, 20);
  }
  EXPECT_GT(connects, 1000u);
  EXPECT_EQ(WorldGenerator::diurnal_advance(6 * sim::kHour, 1.0 * sim::kHour, f), 8 * sim::kHour + sim::kHour / 2);
  EXPECT_EQ(WorldGenerator::diurnal_advance(0, 0.0, f), 0);
  // A whole day's work takes exactly a day.
  EXPECT_EQ(WorldGenerator::diurnal_advance(9 * sim::kHour, 24.0 * sim::kHour, f), 33 * sim::kHour);
}

TEST(WorldGenerator, TrafficRateIsPoisson) {  // R4.1
  Scenario s = small_scenario(400);
  s.traffic.sender_must_be_online = false;
  s.traffic.messages_per_user_per_day = 20;
  World w(s, 0);
  WorldGenerator g(w, 0);
  std::uint64_t sends = 0, counted = 0;
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind != WorldEventKind::Send) continue;
    ++sends;
    const Message& m = w.message(e.message);
    EXPECT_EQ(m.sent, e.time);
    EXPECT_LT(e.time, s.horizon - s.drain);  // R1.5: nobody sends in the drain
    EXPECT_EQ(m.has(Message::Counted), e.time >= s.warmup);
    counted += m.has(Message::Counted);
    EXPECT_NE(m.sender, m.recipient);
  }
  const double mean = 400.0 * 20.0 * 9.0;  // users x rate x [0, horizon - drain) in days
  EXPECT_NEAR(static_cast<double>(sends), mean, 4.0 * std::sqrt(mean));
  const double counted_mean = 400.0 * 20.0 * 8.0;
  EXPECT_NEAR(static_cast<double>(counted), counted_mean, 4.0 * std::sqrt(counted_mean));
  EXPECT_EQ(w.message_count(), sends);
}

TEST(WorldGenerator, DiurnalTrafficByThinning) {
  Scenario s = small_scenario(300);
  s.traffic.sender_must_be_online = false;
  Diurnal f(24, 0.5);
  for (int h = 12; h < 18; ++h) f[static_cast<std::size_t>(h)] = 2.5;  // mean (18*0.5 + 6*2.5)/24 = 1
  s.traffic.diurnal = f;
  World w(s, 0);
  WorldGenerator g(w, 0);
  double peak = 0, total = 0;
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind != WorldEventKind::Send) continue;
    total += 1;
    const auto hour = (e.time / sim::kHour) % 24;
    peak += (hour >= 12 && hour < 18) ? 1.0 : 0.0;
  }
  const double mean = 300.0 * 20.0 * 9.0;
  EXPECT_NEAR(total, mean, 4.0 * std::sqrt(mean));
  EXPECT_NEAR(peak / total, 15.0 / 24.0, share_tolerance(15.0 / 24.0, total));
}

TEST(WorldGenerator, SenderMustBeOnline) {  // R4.1
  Scenario s = small_scenario(400);
  s.population.devices_per_user = sim::Distribution::constant(1);
  World w(s, 0);
  WorldGenerator g(w, 0);
  double sends = 0;
  WorldEvent e;
  while (g.next(e)) {
    if (e.kind != WorldEventKind::Send) continue;
    sends += 1;
    EXPECT_GT(g.online_devices(w.message(e.message).sender), 0u);
  }
  // PASTA: candidates find the sender online with probability p = 1/4. The
  // variance adds each user's on-time variance (renewal reward):
  // Var(T_on) = T / E[cycle] * ((1-p)^2 var(on) + p^2 var(off)).
  const double candidates = 400.0 * 20.0 * 9.0;
  const double p = 0.25, hours = 9.0 * 24.0, rate_per_hour = 20.0 / 24.0;
  const double var_on_time = hours / 8.0 * ((1 - p) * (1 - p) * 4.0 + p * p * 36.0);
  const double var = candidates * p + 400.0 * rate_per_hour * rate_per_hour * var_on_time;
  EXPECT_NEAR(sends, candidates * p, 4.0 * std::sqrt(var));
  EXPECT_NEAR(static_cast<double>(g.skipped_offline()) + sends, candidates, 4.0 * std::sqrt(candidates));
}

TEST(WorldGenerator, StrangerShareAndRecipients) {  // R4.2
  Scenario s = small_scenario(500);
  s.traffic.sender_must_be_online = false;
  s.traffic.stranger_share = 0.2;
  s.contacts.generator = ContactGenerator::ErdosRenyi;
  s.contacts.mean_degree = 6;
  World w(s, 0);
  WorldGenerator g(w, 0);
  double total = 0, strangers = 0, from_isolated = 0;
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind != WorldEventKind::Send) continue;
    const Message& m = w.message(e.message);
    const bool is_contact = w.contacts().find(m.sender, m.recipient) != nullptr;
    EXPECT_EQ(m.has(Message::Stranger), !is_contact);
    EXPECT_NE(m.sender, m.recipient);
    if (w.contacts().contacts_of(m.sender).empty()) {
      from_isolated += 1;
      EXPECT_TRUE(m.has(Message::Stranger));  // users without contacts send to strangers
      continue;
    }
    total += 1;
    strangers += m.has(Message::Stranger) ? 1.0 : 0.0;
  }
  EXPECT_NEAR(strangers / total, 0.2, share_tolerance(0.2, total));
}

TEST(WorldGenerator, StrangerChoiceIsUniformOverNonContacts) {
  Scenario s = small_scenario(6);
  s.traffic.sender_must_be_online = false;
  s.traffic.stranger_share = 1.0;
  s.traffic.messages_per_user_per_day = 3000;
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(6, users, devices);
  // User 2 knows 0 and 4; its strangers are 1, 3 and 5.
  World w(s, users, devices, ContactGraph::from_edges(6, std::vector<Edge>{Edge::mutual(2, 0), Edge::mutual(2, 4)}));
  WorldGenerator g(w, 0);
  std::map<UserId, double> to;
  double n = 0;
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind != WorldEventKind::Send || w.message(e.message).sender != 2) continue;
    to[w.message(e.message).recipient] += 1;
    n += 1;
  }
  ASSERT_EQ(to.size(), 3u);
  for (UserId u : {1u, 3u, 5u}) EXPECT_NEAR(to[u] / n, 1.0 / 3.0, share_tolerance(1.0 / 3.0, n)) << u;
}

TEST(WorldGenerator, DrawsForArchiveAndSize) {  // R4.3, R4.4, R6.1
  Scenario s = small_scenario(300);
  s.traffic.sender_must_be_online = false;
  s.traffic.no_store_share = 0.1;
  s.server.mam.default_mode = MamDefault::Always;
  s.server.mam.failure_share = 0.05;
  s.server.mam.archive_lag = sim::Distribution::constant(static_cast<double>(3 * sim::kSecond));
  World w(s, 0);
  WorldGenerator g(w, 0);
  double n = 0, no_store = 0, failed = 0, storable = 0;
  for (const WorldEvent& e : run_all(g)) {
    if (e.kind != WorldEventKind::Send) continue;
    const Message& m = w.message(e.message);
    n += 1;
    EXPECT_GE(m.size_bytes, 1u);
    if (m.has(Message::NoStore)) {
      no_store += 1;
      continue;
    }
    storable += 1;
    failed += m.has(Message::ArchiveFailed) ? 1 : 0;
    if (m.archived()) {
      EXPECT_EQ(m.readable_at, m.sent + 3 * sim::kSecond);
    }
  }
  EXPECT_NEAR(no_store / n, 0.1, share_tolerance(0.1, n));
  EXPECT_NEAR(failed / storable, 0.05, share_tolerance(0.05, storable));
}

// Events of one device keyed by (user, slot), as (time, kind, connection).
std::map<std::pair<UserId, int>, std::vector<std::tuple<sim::Time, int, std::uint32_t, bool>>> device_timelines(
    const World& w, WorldGenerator& g) {
  std::map<std::pair<UserId, int>, std::vector<std::tuple<sim::Time, int, std::uint32_t, bool>>> out;
  WorldEvent e;
  while (g.next(e)) {
    if (e.kind == WorldEventKind::Send || e.kind == WorldEventKind::Horizon) continue;
    const Device& d = w.devices()[e.device];
    out[{d.user, d.slot}].emplace_back(e.time, int(e.kind), e.connection, e.abrupt);
  }
  return out;
}

TEST(WorldGenerator, AddingADeviceChangesNoOtherDevice) {  // R1.4
  Scenario s = small_scenario(4);
  s.clients[0].abrupt_disconnect_share = 0.3;
  std::vector<User> users;
  std::vector<Device> devices;
  one_device_each(4, users, devices);
  World a(s, users, devices, ContactGraph::from_edges(4, std::vector<Edge>{Edge::mutual(0, 1), Edge::mutual(2, 3)}));
  // Same population, but user 1 gets a second device.
  users[1].device_count = 2;
  users[2].first_device = 3;
  users[3].first_device = 4;
  devices.insert(devices.begin() + 2, Device{1, 1, 0});
  World b(s, users, devices, ContactGraph::from_edges(4, std::vector<Edge>{Edge::mutual(0, 1), Edge::mutual(2, 3)}));
  WorldGenerator ga(a, 0), gb(b, 0);
  auto ta = device_timelines(a, ga);
  auto tb = device_timelines(b, gb);
  EXPECT_EQ(tb.size(), ta.size() + 1);
  for (auto& [key, timeline] : ta) {
    ASSERT_GT(timeline.size(), 10u);
    EXPECT_EQ(timeline, tb[key]) << "user " << key.first << " slot " << key.second;
  }
}

TEST(WorldGenerator, StrategiesDoNotChangeTheWorld) {  // R1.3, R1.4
  Scenario s = small_scenario(200);
  s.clients[0].abrupt_disconnect_share = 0.2;
  Scenario t = s;
  t.strategies = {StrategyKind::PurgeAll, StrategyKind::Deferred, StrategyKind::PurgeArchived};
  World a(s, 0), b(t, 0);
  WorldGenerator ga(a, 0), gb(b, 0);
  run_all(ga);
  run_all(gb);
  EXPECT_EQ(ga.fingerprint(), gb.fingerprint());
  EXPECT_EQ(ga.events(), gb.events());
}

TEST(WorldGenerator, Determinism) {  // R1.2
  Scenario s = small_scenario(200);
  s.clients[0].abrupt_disconnect_share = 0.2;
  s.server.mam.default_mode = MamDefault::Roster;
  auto fingerprint = [](const Scenario& sc, std::uint32_t replication) {
    World w(sc, replication);
    WorldGenerator g(w, replication);
    run_all(g);
    return std::make_pair(g.fingerprint(), g.events());
  };
  const auto a = fingerprint(s, 0);
  EXPECT_EQ(a, fingerprint(s, 0));
  EXPECT_NE(a.first, fingerprint(s, 1).first);
  Scenario other = s;
  other.seed = s.seed + 1;
  EXPECT_NE(a.first, fingerprint(other, 0).first);
}

TEST(WorldGenerator, BadDiurnalIsRejected) {
  Scenario s = small_scenario(10);
  s.traffic.diurnal = Diurnal(12, 2.0);
  World w(s, 0);
  EXPECT_THROW(WorldGenerator(w, 0), std::invalid_argument);
}

}  // namespace
}  // namespace spoolsim::world_test

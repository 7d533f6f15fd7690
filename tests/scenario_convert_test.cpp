// Conversions into models::Scenario: enums, durations, distributions, and the
// generic defaults equal to models::Scenario's own member defaults.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

models::Scenario load(const std::string& text) { return load_scenario_text(text, "t.textproto").scenario; }

void expect_same(const sim::Distribution& a, const sim::Distribution& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_DOUBLE_EQ(a.a, b.a);
  EXPECT_DOUBLE_EQ(a.b, b.b);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.cumulative, b.cumulative);
}

TEST(ScenarioConvert, EmptyFileGivesTheModelDefaults) {
  const models::Scenario s = load("");
  const models::Scenario d;
  EXPECT_EQ(s.name, d.name);
  EXPECT_EQ(s.seed, d.seed);
  EXPECT_EQ(s.replications, d.replications);
  EXPECT_EQ(s.horizon, d.horizon);
  EXPECT_EQ(s.warmup, d.warmup);
  EXPECT_EQ(s.drain, d.drain);
  EXPECT_EQ(s.population.users, d.population.users);
  expect_same(s.population.devices_per_user, d.population.devices_per_user);
  EXPECT_EQ(s.contacts.generator, d.contacts.generator);
  EXPECT_EQ(s.contacts.mean_degree, d.contacts.mean_degree);
  EXPECT_EQ(s.contacts.rewire_probability, d.contacts.rewire_probability);
  EXPECT_EQ(s.contacts.power_law_alpha, d.contacts.power_law_alpha);
  EXPECT_EQ(s.traffic.messages_per_user_per_day, d.traffic.messages_per_user_per_day);
  EXPECT_EQ(s.traffic.sender_must_be_online, d.traffic.sender_must_be_online);
  expect_same(s.traffic.size, d.traffic.size);
  EXPECT_EQ(s.server.offline.enabled, d.server.offline.enabled);
  EXPECT_EQ(s.server.offline.max_user_messages, d.server.offline.max_user_messages);
  EXPECT_EQ(s.server.offline.ttl, d.server.offline.ttl);
  EXPECT_EQ(s.server.offline.row_overhead_bytes, d.server.offline.row_overhead_bytes);
  EXPECT_EQ(s.server.mam.enabled, d.server.mam.enabled);
  EXPECT_EQ(s.server.mam.default_mode, d.server.mam.default_mode);
  EXPECT_EQ(s.server.mam.retention, d.server.mam.retention);
  expect_same(s.server.mam.archive_lag, d.server.mam.archive_lag);
  EXPECT_EQ(s.server.mam.row_overhead_bytes, d.server.mam.row_overhead_bytes);
  EXPECT_EQ(s.server.mam.archive_sender_copy, d.server.mam.archive_sender_copy);
  EXPECT_EQ(s.server.stream_management.enabled, d.server.stream_management.enabled);
  EXPECT_EQ(s.server.stream_management.resume_timeout, d.server.stream_management.resume_timeout);
  EXPECT_EQ(s.server.stream_management.ack_timeout, d.server.stream_management.ack_timeout);
  EXPECT_EQ(s.server.stream_management.resend_on_timeout, d.server.stream_management.resend_on_timeout);
  EXPECT_EQ(s.server.stream_management.max_ack_queue, d.server.stream_management.max_ack_queue);
  expect_same(s.server.zombie_detect_delay, d.server.zombie_detect_delay);
  EXPECT_EQ(s.prices.storage_per_gb_month, d.prices.storage_per_gb_month);
  EXPECT_EQ(s.prices.per_million_operations, d.prices.per_million_operations);
  // Without clients and mix: one generic profile equal to ClientProfile{}.
  ASSERT_EQ(s.clients.size(), 1U);
  const models::ClientProfile g;
  EXPECT_EQ(s.clients[0].name, "generic");
  EXPECT_EQ(s.clients[0].auth, g.auth);
  EXPECT_EQ(s.clients[0].stream_management, g.stream_management);
  EXPECT_EQ(s.clients[0].mam_catchup, g.mam_catchup);
  EXPECT_EQ(s.clients[0].catchup_max_age, g.catchup_max_age);
  EXPECT_EQ(s.clients[0].catchup_max_messages, g.catchup_max_messages);
  EXPECT_EQ(s.clients[0].catchup_order, g.catchup_order);
  EXPECT_EQ(s.clients[0].presence_priority, g.presence_priority);
  expect_same(s.clients[0].online_duration, g.online_duration);
  expect_same(s.clients[0].offline_duration, g.offline_duration);
  EXPECT_EQ(s.clients[0].abrupt_disconnect_share, g.abrupt_disconnect_share);
  ASSERT_EQ(s.population.client_mix.size(), 1U);
  EXPECT_EQ(s.strategies.size(), 5U);
}

TEST(ScenarioConvert, Enums) {
  const models::Scenario s = load(
      "clients { name: \"a\" auth: \"sasl2_bind2\" catchup_order: \"backward\" }\n"
      "server { mam { default: \"roster\" } stream_management { resend_on_timeout: \"if_offline\" } }\n"
      "contacts { generator: \"power_law\" }\n"
      "strategies: [\"deferred\", \"purge_archived\", \"deliver\"]\n"
      "population { mam_default_overrides { default: \"always\" share: 0.25 } }");
  EXPECT_EQ(s.clients[0].auth, models::Auth::Sasl2Bind2);
  EXPECT_EQ(s.clients[0].catchup_order, models::CatchupOrder::Backward);
  EXPECT_EQ(s.server.mam.default_mode, models::MamDefault::Roster);
  EXPECT_EQ(s.server.stream_management.resend_on_timeout, models::ResendOnTimeout::IfOffline);
  EXPECT_EQ(s.contacts.generator, models::ContactGenerator::PowerLaw);
  ASSERT_EQ(s.strategies.size(), 3U);  // in the order given
  EXPECT_EQ(s.strategies[0], models::StrategyKind::Deferred);
  EXPECT_EQ(s.strategies[1], models::StrategyKind::PurgeArchived);
  EXPECT_EQ(s.strategies[2], models::StrategyKind::Deliver);
  ASSERT_EQ(s.population.mam_default_overrides.size(), 1U);
  EXPECT_EQ(s.population.mam_default_overrides[0].value, models::MamDefault::Always);
  EXPECT_EQ(s.population.mam_default_overrides[0].share, 0.25);
}

TEST(ScenarioConvert, DurationsInMicroseconds) {
  const models::Scenario s = load(
      "horizon: \"36h\" warmup: \"90m\" drain: \"2h\"\n"
      "server { offline { ttl: \"30d\" } mam { retention: \"1.5d\" } stream_management { ack_timeout: \"250ms\" } }\n"
      "clients { name: \"a\" catchup_max_age: \"0\" catchup_max_messages: 0 }");
  EXPECT_EQ(s.horizon, 36 * sim::kHour);
  EXPECT_EQ(s.warmup, 90 * sim::kMinute);
  EXPECT_EQ(s.drain, 2 * sim::kHour);
  EXPECT_EQ(s.server.offline.ttl, 30 * sim::kDay);
  EXPECT_EQ(s.server.mam.retention, 36 * sim::kHour);
  EXPECT_EQ(s.server.stream_management.ack_timeout, 250 * sim::kMillisecond);
  EXPECT_EQ(s.clients[0].catchup_max_age, models::kNoAgeLimit);     // "0" = no limit
  EXPECT_EQ(s.clients[0].catchup_max_messages, models::kUnlimited);  // 0 = no limit
  EXPECT_EQ(load("server { offline { max_user_messages: 0 } }").server.offline.max_user_messages, models::kUnlimited);
  EXPECT_EQ(load("server { offline { max_user_messages: 100 } }").server.offline.max_user_messages, 100U);
}

TEST(ScenarioConvert, Distributions) {
  const models::Scenario s = load(
      "clients { name: \"a\"\n"
      "  online_duration { weibull { scale: \"2h\" shape: 0.7 } }\n"
      "  offline_duration { empirical { values: [\"1m\", \"1h\"] weights: [3, 1] } } }\n"
      "clients { name: \"b\"\n"
      "  online_duration { pareto { scale: \"10m\" shape: 1.5 } }\n"
      "  offline_duration { uniform { low: \"1h\" high: \"3h\" } } }\n"
      "clients { name: \"c\"\n"
      "  online_duration { lognormal { mean: \"1h\" sigma: 1 } }\n"
      "  offline_duration { constant: \"45s\" } }\n"
      "traffic { size { empirical { values: [200, 2000] } } }\n"
      "server { zombie_detect_delay { lognormal { median: \"5m\" sigma: 0.5 } } }");
  expect_same(s.clients[0].online_duration, sim::Distribution::weibull(2.0 * sim::kHour, 0.7));
  expect_same(s.clients[0].offline_duration,
              sim::Distribution::empirical({1.0 * sim::kMinute, 1.0 * sim::kHour}, {3, 1}));
  expect_same(s.clients[1].online_duration, sim::Distribution::pareto(10.0 * sim::kMinute, 1.5));
  expect_same(s.clients[1].offline_duration, sim::Distribution::uniform(1.0 * sim::kHour, 3.0 * sim::kHour));
  expect_same(s.clients[2].online_duration, sim::Distribution::lognormal_mean(1.0 * sim::kHour, 1.0));
  expect_same(s.clients[2].offline_duration, sim::Distribution::constant(45.0 * sim::kSecond));
  expect_same(s.traffic.size, sim::Distribution::empirical({200, 2000}, {1, 1}));  // no weights: equal
  expect_same(s.server.zombie_detect_delay, sim::Distribution::lognormal_median(5.0 * sim::kMinute, 0.5));
  EXPECT_NEAR(s.server.zombie_detect_delay.cdf(5.0 * sim::kMinute), 0.5, 1e-12);  // median in microseconds
}

TEST(ScenarioConvert, DiurnalIsNormalisedToMeanOne) {
  std::string hours;
  for (int h = 0; h < 24; ++h) hours += (h ? ", " : "") + std::to_string(h < 12 ? 1 : 3);
  const models::Scenario s = load("traffic { diurnal: [" + hours + "] }");
  ASSERT_EQ(s.traffic.diurnal.size(), 24U);
  EXPECT_DOUBLE_EQ(s.traffic.diurnal[0], 0.5);
  EXPECT_DOUBLE_EQ(s.traffic.diurnal[23], 1.5);
}

TEST(ScenarioConvert, DeviceSlotsAndShares) {
  const models::Scenario s = load(
      "population { client_mix { profile: \"conversations\" weight: 1 }\n"
      "  device_slots { client_mix { profile: \"gajim\" weight: 1 } }\n"
      "  device_slots { client_mix { profile: \"conversations\" weight: 2 } client_mix { profile: \"dino\" weight: 1 } }\n"
      "  mam_always_contact_share: 0.1 mam_never_contact_share: 0.2 }");
  ASSERT_EQ(s.population.device_slots.size(), 2U);
  ASSERT_EQ(s.clients.size(), 3U);  // conversations, gajim, dino: from the presets
  EXPECT_EQ(s.clients[s.population.device_slots[0][0].profile].name, "gajim");
  EXPECT_EQ(s.clients[s.population.device_slots[1][1].profile].name, "dino");
  EXPECT_EQ(s.population.mam_always_contact_share, 0.1);
  EXPECT_EQ(s.population.mam_never_contact_share, 0.2);
}

}  // namespace
}  // namespace spoolsim::scenarios

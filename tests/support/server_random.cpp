#include "support/server_random.hpp"

#include <gtest/gtest.h>

namespace spoolsim::testing {

using namespace spoolsim::models;

Scenario random_scenario(const RandomConfig& c) {
  Scenario s;
  s.name = "server-random";
  s.seed = c.seed;
  s.replications = 1;
  s.horizon = 4 * sim::kDay;
  s.warmup = 12 * sim::kHour;
  s.drain = 12 * sim::kHour;
  s.strategies = {StrategyKind::Deliver, StrategyKind::PurgeAll, StrategyKind::PurgeIfArchiving,
                  StrategyKind::PurgeArchived, StrategyKind::Deferred};
  const auto make = [&](const char* name, Auth auth, bool sm, bool catchup) {
    ClientProfile p;
    p.name = name;
    p.auth = auth;
    p.stream_management = sm;
    p.mam_catchup = catchup;
    p.online_duration = sim::Distribution::exponential(1.0 * sim::kHour);
    p.offline_duration = sim::Distribution::exponential(3.0 * sim::kHour);
    p.abrupt_disconnect_share = 0.3;
    if (c.small_catchup) {
      p.catchup_order = CatchupOrder::Backward;
      p.catchup_max_messages = 5;
      p.catchup_max_age = 1 * sim::kDay;
    }
    return p;
  };
  s.clients.push_back(make("conversations", Auth::Sasl2Bind2, true, true));
  s.clients.push_back(make("gajim", Auth::Sasl1, true, true));
  s.clients.push_back(make("plain", Auth::Sasl1, false, false));
  if (c.sasl1_only) s.population.client_mix = {{1, 1.0}, {2, 1.0}};
  else s.population.client_mix = {{0, 2.0}, {1, 1.0}, {2, 1.0}};
  s.population.users = c.users;
  if (c.single_device) s.population.devices_per_user = sim::Distribution::constant(1.0);
  s.contacts.generator = ContactGenerator::ErdosRenyi;
  s.contacts.mean_degree = 4.0;
  s.traffic.messages_per_user_per_day = 20.0;
  s.traffic.stranger_share = c.stranger_share;
  s.server.mam.enabled = true;
  s.server.mam.default_mode = c.mam_default;
  s.server.mam.retention = c.retention;
  if (c.lag_and_failures) {
    s.server.mam.archive_lag = sim::Distribution::exponential(2.0 * sim::kMinute);
    s.server.mam.failure_share = 0.05;
  }
  s.server.offline.max_user_messages = c.max_user_messages;
  s.server.offline.ttl = c.ttl;
  s.server.stream_management.resend_on_timeout = c.resend;
  s.server.zombie_detect_delay = sim::Distribution::exponential(10.0 * sim::kMinute);
  return s;
}

void expect_same_outcomes(const OutcomeCounts& a, const OutcomeCounts& b, const char* what) {
  EXPECT_EQ(a.sent, b.sent) << what;
  EXPECT_EQ(a.delivered, b.delivered) << what;
  EXPECT_EQ(a.delivered_all_devices, b.delivered_all_devices) << what;
  EXPECT_EQ(a.bounced, b.bounced) << what;
  EXPECT_EQ(a.lost, b.lost) << what;
  EXPECT_EQ(a.pending, b.pending) << what;
  EXPECT_EQ(a.duplicates, b.duplicates) << what;
  EXPECT_EQ(a.lost_by_cause, b.lost_by_cause) << what;
  EXPECT_EQ(a.bounced_by_reason, b.bounced_by_reason) << what;
}

void expect_same_storage(const StorageStats& a, const StorageStats& b, const char* what,
                         bool with_catchup_reads) {
  EXPECT_EQ(a.peak_rows, b.peak_rows) << what;
  EXPECT_EQ(a.peak_bytes, b.peak_bytes) << what;
  EXPECT_EQ(a.mean_rows, b.mean_rows) << what;
  EXPECT_EQ(a.byte_days, b.byte_days) << what;
  EXPECT_EQ(a.rows_written, b.rows_written) << what;
  EXPECT_EQ(a.rows_deleted, b.rows_deleted) << what;
  for (int i = 0; i < kStoreOpCount; ++i) {
    if (!with_catchup_reads && i == static_cast<int>(StoreOp::CatchupRead)) continue;
    EXPECT_EQ(a.ops[static_cast<std::size_t>(i)], b.ops[static_cast<std::size_t>(i)]) << what << " op " << i;
  }
}

}  // namespace spoolsim::testing

#include "support/analytic_scenarios.hpp"

namespace spoolsim::testing {

using models::Auth;
using models::Scenario;

models::ClientProfile analytic_profile(const char* name, Auth auth, double online_hours,
                                       double offline_hours) {
  models::ClientProfile c;
  c.name = name;
  c.auth = auth;
  c.stream_management = true;
  c.mam_catchup = false;
  c.online_duration = sim::Distribution::exponential(online_hours * static_cast<double>(sim::kHour));
  c.offline_duration = sim::Distribution::exponential(offline_hours * static_cast<double>(sim::kHour));
  c.abrupt_disconnect_share = 0.0;
  return c;
}

Scenario analytic_base(std::uint32_t users) {
  Scenario s;
  s.name = "analytic-base";
  s.seed = 20260413;
  s.replications = 8;
  s.warmup = 2 * sim::kDay;
  s.drain = 4 * sim::kDay;
  s.horizon = s.warmup + 8 * sim::kDay + s.drain;
  s.strategies = {models::StrategyKind::Deliver, models::StrategyKind::PurgeAll};
  s.clients = {analytic_profile("bind2", Auth::Sasl2Bind2, 2.0, 6.0)};
  s.population.users = users;
  s.population.devices_per_user = sim::Distribution::constant(1.0);
  s.population.client_mix = {{0, 1.0}};
  s.contacts.generator = models::ContactGenerator::ErdosRenyi;
  s.contacts.mean_degree = 6.0;
  s.traffic.messages_per_user_per_day = 24.0;
  s.traffic.sender_must_be_online = true;
  s.server.mam.enabled = false;
  return s;
}

Scenario analytic_one_device() {
  Scenario s = analytic_base();
  s.name = "analytic-one-device";
  return s;
}

Scenario analytic_two_devices() {
  Scenario s = analytic_base();
  s.name = "analytic-two-devices";
  s.clients = {analytic_profile("phone", Auth::Sasl2Bind2, 1.0, 3.0),
               analytic_profile("desktop", Auth::Sasl2Bind2, 8.0, 16.0)};
  s.population.devices_per_user = sim::Distribution::constant(2.0);
  s.population.device_slots = {{{0, 1.0}}, {{1, 1.0}}};
  return s;
}

Scenario analytic_mixed_devices() {
  Scenario s = analytic_base(400);
  s.replications = 10;
  s.name = "analytic-mixed-devices";
  s.clients = {analytic_profile("phone", Auth::Sasl2Bind2, 1.0, 3.0),
               analytic_profile("desktop", Auth::Sasl2Bind2, 8.0, 16.0),
               analytic_profile("legacy", Auth::Sasl1, 2.0, 10.0)};
  s.population.devices_per_user = sim::Distribution::empirical({1, 2, 3}, {50, 30, 20});
  s.population.client_mix = {{0, 0.5}, {1, 0.3}, {2, 0.2}};
  s.traffic.stranger_share = 0.1;
  s.drain = 8 * sim::kDay;  // 12 mean off-times of the slowest device set
  s.horizon = s.warmup + 8 * sim::kDay + s.drain;
  return s;
}

}  // namespace spoolsim::testing

// Shared helpers for the `world` tests: small scenarios and scripted worlds.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "models/world/contact_graph.hpp"
#include "models/inputs/scenario.hpp"
#include "models/world/world.hpp"
#include "models/world/world_generator.hpp"

namespace spoolsim::world_test {

using namespace spoolsim::models;

// A generic profile with the given name and exponential on/off means.
inline ClientProfile profile(const std::string& name, sim::Duration on = 2 * sim::kHour,
                             sim::Duration off = 6 * sim::kHour) {
  ClientProfile p;
  p.name = name;
  p.online_duration = sim::Distribution::exponential(static_cast<double>(on));
  p.offline_duration = sim::Distribution::exponential(static_cast<double>(off));
  return p;
}

// One profile "generic", `users` users, 10 days, warmup 1d, drain 1d.
inline Scenario small_scenario(std::uint32_t users = 200, std::uint64_t seed = 7) {
  Scenario s;
  s.seed = seed;
  s.horizon = 10 * sim::kDay;
  s.warmup = sim::kDay;
  s.drain = sim::kDay;
  s.clients = {profile("generic")};
  s.population.users = users;
  s.population.client_mix = {{0, 1.0}};
  s.strategies = {StrategyKind::Deliver};
  return s;
}

// One device per user, all with profile 0.
inline void one_device_each(std::uint32_t users, std::vector<User>& us, std::vector<Device>& ds) {
  us.clear();
  ds.clear();
  for (UserId u = 0; u < users; ++u) {
    us.push_back(User{static_cast<DeviceId>(u), 1, MamDefault::Never, 0});
    ds.push_back(Device{u, 0, 0});
  }
}

// Tolerance for a proportion estimated from n trials: 4 standard errors.
inline double share_tolerance(double p, double n) { return 4.0 * std::sqrt(p * (1.0 - p) / n); }

// All events of a generator run, until Horizon.
inline std::vector<WorldEvent> run_all(WorldGenerator& g) {
  std::vector<WorldEvent> out;
  WorldEvent e;
  while (g.next(e)) out.push_back(e);
  return out;
}

}  // namespace spoolsim::world_test

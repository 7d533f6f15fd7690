// The one-pass driver (architecture): the world's events are generated once
// and applied to one replica per strategy; replications run in parallel and
// come back in replication order (R1.2).
#include "models/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "models/server/replica.hpp"
#include "models/world/world.hpp"
#include "models/world/world_generator.hpp"
#include "sim/replication.hpp"

namespace spoolsim::models {

namespace {

struct Replication {
  ReplicationResult result;
  std::uint64_t devices = 0;
};

void sample(const RunOptions& options, std::uint32_t replication, sim::Time now,
            sim::Time horizon, const std::vector<std::unique_ptr<Replica>>& replicas) {
  LiveSample s;
  s.replication = replication;
  s.now = now;
  s.horizon = horizon;
  for (const auto& r : replicas) s.strategies.push_back(r->live(now));
  options.observer->on_sample(s);
  if (options.observer->cancelled()) throw RunCancelled();
}

Replication run_one(const Scenario& scenario, std::uint32_t replication,
                    const std::vector<StrategyKind>& strategies, const RunOptions& options) {
  World world(scenario, replication);
  WorldGenerator generator(world, replication);
  std::vector<std::unique_ptr<Replica>> replicas;
  replicas.reserve(strategies.size());
  for (const StrategyKind s : strategies)
    replicas.push_back(std::make_unique<Replica>(world, s, replication, options.spool_trace));

  const sim::Duration every = options.sample_every > 0 ? options.sample_every : scenario.horizon;
  sim::Time next_sample = every;
  sim::Time next_recycle = sim::kDay;  // memory follows what is in flight (docs/model.md, notes on scale)
  WorldEvent ev;
  while (generator.next(ev)) {
    if (ev.time >= next_recycle) {
      world.recycle([&](auto&& held) {
        for (auto& r : replicas) r->for_each_held(held);
      });
      while (next_recycle <= ev.time) next_recycle += sim::kDay;
    }
    if (options.observer && ev.time >= next_sample && ev.kind != WorldEventKind::Horizon) {
      sample(options, replication, next_sample, scenario.horizon, replicas);
      while (next_sample <= ev.time) next_sample += every;
    }
    for (auto& r : replicas) r->apply(ev);
  }
  for (const auto& r : replicas)
    if (!r->finished()) throw std::logic_error("internal error: the world ended without a Horizon event");
  if (options.observer) sample(options, replication, scenario.horizon, scenario.horizon, replicas);

  Replication out;
  out.devices = world.devices().size();
  out.result.replication = replication;
  out.result.fingerprint = generator.fingerprint();
  out.result.world_events = generator.events();
  out.result.archive_occupancy = world.archive_occupancy(scenario.horizon);
  for (const auto& r : replicas) {
    out.result.replica_events += r->events();
    out.result.strategies.push_back(r->result());
  }
  return out;
}

}  // namespace

ReplicationResult run_replication(const Scenario& scenario, std::uint32_t replication,
                                  const std::vector<StrategyKind>& strategies,
                                  const RunOptions& options) {
  return run_one(scenario, replication, strategies, options).result;
}

RunResult run(const Scenario& scenario, const RunOptions& options) {
  if (scenario.strategies.empty())
    throw std::invalid_argument("scenario '" + scenario.name + "' names no strategy to compare");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Replication> runs = sim::run_replications<Replication>(
      scenario.replications, std::max<std::uint32_t>(1, options.threads),
      [&](std::uint32_t r) { return run_one(scenario, r, scenario.strategies, options); });
  RunResult out;
  out.users = scenario.population.users;
  out.strategies = scenario.strategies;
  std::uint64_t devices = 0;
  for (const Replication& r : runs) {
    devices += r.devices;
    out.replications.push_back(r.result);
  }
  out.devices = runs.empty() ? 0 : devices / runs.size();
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace spoolsim::models

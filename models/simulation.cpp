// The one-pass driver (architecture): the world's events are generated once
// and applied to one replica per strategy; replications run in parallel and
// come back in replication order (R1.2); threads beyond the replications
// share the replicas of one replication.
#include "models/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>

#include "models/server/replica.hpp"
#include "models/world/world.hpp"
#include "models/world/world_generator.hpp"
#include "sim/fork_join.hpp"
#include "sim/replication.hpp"

namespace spoolsim::models {

namespace {

// Events generated ahead of the replicas at most by default: 640 KiB, so a
// batch stays in cache while each replica runs through it.
constexpr std::uint32_t kBatchEvents = std::uint32_t{1} << 14;

struct BatchedEvent {
  WorldEvent event;
  WorldMark as_of;  // the world just after the event was generated
};

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

// One replication on `workers` threads (R1.2 holds for any number). The
// generator runs ahead by a batch of events; the replicas apply the batch,
// spread over the workers, each in event order, while the generator makes
// the next batch. This is exact because a replica reads nothing of the
// world that generating ahead changes:
//  - message records are written once, at the send, and never change;
//  - archive_of() and the catch-up see the world as of each event's mark
//    (later messages' entries are left out, retention as of the mark's
//    last send), where the newest entries could otherwise be readable at
//    the replica's own time (a zero archive lag at the same instant);
//  - while replicas apply a batch, the caller generates the next one: the
//    world then queues archive entries (listed between batches) and never
//    moves its message records (World::queue_archive_writes);
//  - pruning, when the queued entries are listed, keeps entries back from
//    the first event the replicas apply next (World::set_readers_from), so
//    none a replica can still fetch goes;
//  - cursor pruning (World::prune_read) runs with recycling, when no
//    replica is behind: it drops only entries below every replica's
//    catch-up cursors, which no later read reaches (entries still queued
//    are newer than every cursor);
//  - recycling and live samples happen between batches, at the same event
//    as without batches (a boundary ends the batch), when every replica
//    has applied every earlier event;
//  - each replica owns all its state; the spool trace is the one shared
//    sink, so a traced replication gets one worker and one-event batches
//    (the sink sees every operation in event order, as before).
// Nothing else of the world is written while replicas read it.
Replication run_one(const Scenario& scenario, std::uint32_t replication,
                    const std::vector<StrategyKind>& strategies, const RunOptions& options,
                    std::uint32_t workers) {
  World world(scenario, replication);
  WorldGenerator generator(world, replication);
  std::vector<std::unique_ptr<Replica>> replicas;
  replicas.reserve(strategies.size());
  for (const StrategyKind s : strategies)
    replicas.push_back(std::make_unique<Replica>(world, s, replication, options.spool_trace));
  const auto count = static_cast<std::uint32_t>(replicas.size());
  world.queue_archive_writes();  // replicas may read while the generator sends

  const sim::Duration every = options.sample_every > 0 ? options.sample_every : scenario.horizon;
  sim::Time next_sample = every;
  sim::Time next_recycle = sim::kDay;  // memory follows what is in flight (docs/model.md, notes on scale)
  const auto boundary = [&](const WorldEvent& e) {
    return e.time >= next_recycle ||
           (options.observer && e.time >= next_sample && e.kind != WorldEventKind::Horizon);
  };
  // The spool trace is one sink for all replicas and sees their operations
  // in event order: one event per batch keeps that order.
  const std::size_t batch_events =
      options.spool_trace ? 1 : options.batch_events > 0 ? options.batch_events : kBatchEvents;
  std::vector<BatchedEvent> batches[2];  // the one the replicas apply, the one being generated
  for (auto& b : batches) b.reserve(std::min<std::size_t>(batch_events, kBatchEvents));
  WorldEvent ev;
  bool more = generator.next(ev);
  // Generates from ev on until the batch is full or the next event is a
  // boundary (or the last); ev is then the first event of the next batch.
  const auto generate = [&](std::vector<BatchedEvent>& b) {
    b.clear();
    do {
      b.push_back(BatchedEvent{ev, world.mark()});
      more = generator.next(ev);
    } while (more && b.size() < batch_events && !boundary(ev));
  };
  struct Failure {
    std::size_t at = SIZE_MAX;  // index in the batch
    std::exception_ptr error;
  };
  std::vector<Failure> failures(count);
  const std::vector<BatchedEvent>* applying = nullptr;
  const std::function<void(std::uint32_t)> apply_batch = [&](std::uint32_t i) {
    Replica& r = *replicas[i];
    const std::vector<BatchedEvent>& batch = *applying;
    std::size_t k = 0;
    try {
      for (; k < batch.size(); ++k) r.apply(batch[k].event, batch[k].as_of);
    } catch (...) {
      failures[i] = Failure{k, std::current_exception()};
    }
  };
  // The error the one-event-at-a-time order meets first: earliest event, then first replica.
  const auto rethrow_first_failure = [&] {
    const Failure* first = nullptr;
    for (const Failure& f : failures)
      if (f.error && (!first || f.at < first->at)) first = &f;
    if (first) std::rethrow_exception(first->error);
  };
  // Declared last: if the generator throws while the replicas apply a
  // batch, the team waits for them before the batches go away. One thread
  // more than replicas: the caller generates meanwhile.
  sim::ForkJoin team(options.spool_trace ? 1 : std::min(workers, count + 1));

  // Recycling and live samples, before `e` when every replica has applied
  // every earlier event.
  const auto before = [&](const WorldEvent& e) {
    if (e.time >= next_recycle) {
      // Entries below every replica's catch-up cursors go first, so that
      // their records can be recycled too.
      world.prune_read([&](UserId u) {
        std::uint64_t lowest = UINT64_MAX;
        for (const auto& r : replicas) lowest = std::min(lowest, r->archive_read_from(u));
        return lowest;
      });
      world.recycle([&](auto&& held) {
        for (auto& r : replicas) r->for_each_held(held);
      });
      while (next_recycle <= e.time) next_recycle += sim::kDay;
    }
    if (options.observer && e.time >= next_sample && e.kind != WorldEventKind::Horizon) {
      sample(options, replication, next_sample, scenario.horizon, replicas);
      while (next_sample <= e.time) next_sample += every;
    }
  };
  // A capped archive (R6.1) deletes entries at the send that finds it full:
  // a replica must see that send's deletions and no later ones, so events
  // are applied one at a time as they are generated (no thread helps).
  while (more && world.capped_archive()) {
    before(ev);
    for (auto& r : replicas) r->apply(ev);
    more = generator.next(ev);
  }
  std::size_t cur = 0;  // batches[cur] is applied next
  while (more) {
    // Every replica has applied every event before ev, and the world lists
    // every archive entry sent so far.
    before(ev);
    generate(batches[cur]);
    world.set_readers_from(batches[cur].front().event.time);
    world.publish_archive();
    // Up to the next boundary: the replicas apply one batch while the
    // caller generates the next one, then joins them.
    for (;;) {
      applying = &batches[cur];
      team.start(count, apply_batch);
      const bool ahead = more && !boundary(ev);
      if (ahead) {
        try {
          generate(batches[1 - cur]);
        } catch (...) {
          team.wait();
          rethrow_first_failure();  // it came first in event order
          throw;
        }
      }
      team.wait();
      rethrow_first_failure();
      if (!ahead) break;
      cur = 1 - cur;
      world.set_readers_from(batches[cur].front().event.time);
      world.publish_archive();
    }
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
  return run_one(scenario, replication, strategies, options, std::max<std::uint32_t>(1, options.threads)).result;
}

RunResult run(const Scenario& scenario, const RunOptions& options) {
  if (scenario.strategies.empty())
    throw std::invalid_argument("scenario '" + scenario.name + "' names no strategy to compare");
  const auto start = std::chrono::steady_clock::now();
  // Replications in parallel first; threads left over go inside them.
  const std::uint32_t threads = std::max<std::uint32_t>(1, options.threads);
  const std::uint32_t at_once = std::clamp<std::uint32_t>(scenario.replications, 1, threads);
  const std::vector<Replication> runs = sim::run_replications<Replication>(
      scenario.replications, at_once,
      [&](std::uint32_t r) { return run_one(scenario, r, scenario.strategies, options, threads / at_once); });
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

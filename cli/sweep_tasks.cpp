// Running a sweep's tasks on this machine, shard files and merging them.
// A task's record goes through its JSON text even here, so the numbers the
// assembly reads are the ones a shard file or an MPI message would carry.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include "cli/progress.hpp"
#include "cli/report.hpp"
#include "cli/sweep.hpp"
#include "models/simulation.hpp"
#include "sim/replication.hpp"

namespace spoolsim::cli {
namespace {

ordered_json storage_record(const models::StorageStats& s) {
  return ordered_json{{"peak_rows", s.peak_rows}, {"peak_bytes", s.peak_bytes}, {"mean_rows", s.mean_rows},
                      {"byte_days", s.byte_days}};
}

ordered_json strategy_record(const models::StrategyResult& r) {
  const models::OutcomeCounts& o = r.outcomes;
  ordered_json causes = ordered_json::object();
  for (int k = 0; k < models::kLossCauseCount; ++k)
    causes[models::to_string(static_cast<models::LossCause>(k))] = o.lost_by_cause[static_cast<std::size_t>(k)];
  ordered_json reasons = ordered_json::object();
  for (int k = 0; k < models::kBounceReasonCount; ++k)
    reasons[models::to_string(static_cast<models::BounceReason>(k))] = o.bounced_by_reason[static_cast<std::size_t>(k)];
  ordered_json latency = ordered_json::array();
  for (double q : {0.50, 0.95, 0.99}) latency.push_back(static_cast<double>(r.latency_us.quantile(q)) / 1e6);
  return ordered_json{
      {"name", models::to_string(r.strategy)},
      {"sent", o.sent},
      {"delivered", o.delivered},
      {"delivered_all_devices", o.delivered_all_devices},
      {"bounced", o.bounced},
      {"lost", o.lost},
      {"pending", o.pending},
      {"duplicates", o.duplicates},
      {"lost_by_cause", causes},
      {"bounced_by_reason", reasons},
      {"latency_s", latency},
      {"spool", storage_record(r.spool)},
      {"archive", storage_record(r.archive)},
      {"cost_per_month_per_1000_users", r.cost_per_month_per_1000_users},
  };
}

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ordered_json run_task(const Plan& plan, std::size_t task) {
  const std::size_t point = plan.point_of(task);
  const std::uint32_t rep = plan.replication_of(task);
  const models::Scenario& scenario = plan.loaded.at(point).scenario;
  const models::ReplicationResult r = models::run_replication(scenario, rep, scenario.strategies);
  ordered_json strategies = ordered_json::array();
  for (const models::StrategyResult& s : r.strategies) strategies.push_back(strategy_record(s));
  const ordered_json record{
      {"task", task},
      {"point", point},
      {"replication", rep},
      {"fingerprint", hex64(r.fingerprint)},
      {"events", r.world_events + r.replica_events},
      {"strategies", strategies},
  };
  return ordered_json::parse(record.dump());
}

std::vector<ordered_json> run_tasks(const Plan& plan, const std::vector<std::size_t>& tasks, std::uint32_t threads,
                                    const std::function<void()>& done) {
  std::vector<ordered_json> records(tasks.size());
  std::mutex mutex;
  sim::for_each_replication(static_cast<std::uint32_t>(tasks.size()), std::max<std::uint32_t>(1, threads),
                            [&](std::uint32_t i) {
                              records[i] = run_task(plan, tasks[i]);
                              if (done) {
                                const std::lock_guard<std::mutex> lock(mutex);
                                done();
                              }
                            });
  return records;
}

SweepProgress::SweepProgress(std::size_t total, const char* what)
    : total_(total), what_(what), start_s_(now_s()), enabled_(stderr_is_terminal()) {}

void SweepProgress::task_done() {
  ++done_;
  if (!enabled_) return;
  const double elapsed = now_s() - start_s_;
  const double left = done_ ? elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_) : 0.0;
  const auto secs = static_cast<long long>(left + 0.5);
  std::fprintf(stderr, "\r%s: %zu/%zu tasks, %lldm%02llds left   ", what_, done_, total_, secs / 60, secs % 60);
  std::fflush(stderr);
}

void SweepProgress::finish() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%*s\r", 60, "");
  std::fflush(stderr);
}

ordered_json shard_document(const Plan& plan, const Shard& shard, const std::vector<std::size_t>& tasks,
                            const std::vector<ordered_json>& records) {
  ordered_json list = ordered_json::array();
  for (const ordered_json& r : records) list.push_back(r);
  return ordered_json{
      {"shard", ordered_json{{"index", shard.index}, {"count", shard.count}, {"tasks", tasks.size()},
                             {"tasks_total", plan.tasks()}}},
      {"plan", plan.header()},
      {"records", list},
  };
}

ordered_json merge_shards(const std::vector<std::string>& names, const std::vector<ordered_json>& shards) {
  if (shards.empty()) throw std::runtime_error("no shard files given");
  const ordered_json& plan = shards.front().at("plan");
  const auto count = shards.front().at("shard").at("count").get<std::uint32_t>();
  const std::size_t total = shards.front().at("shard").at("tasks_total").get<std::size_t>();
  std::vector<int> seen_shard(count, -1);
  std::vector<ordered_json> records(total);
  std::vector<bool> have(total, false);
  for (std::size_t f = 0; f < shards.size(); ++f) {
    const ordered_json& doc = shards[f];
    const std::string& name = names[f];
    if (!doc.contains("shard") || !doc.contains("plan") || !doc.contains("records"))
      throw std::runtime_error(name + ": not a shard file (written by `spoolsim sweep --shard I/N`)");
    if (doc.at("plan") != plan)
      throw std::runtime_error(name + ": belongs to another sweep than " + names.front() +
                               " (scenario, values, seed, strategies or version differ)");
    if (doc.at("shard").at("count").get<std::uint32_t>() != count)
      throw std::runtime_error(name + ": is a shard of " + doc.at("shard").at("count").dump() + ", " +
                               names.front() + " of " + std::to_string(count));
    const auto index = doc.at("shard").at("index").get<std::uint32_t>();
    if (index >= count) throw std::runtime_error(name + ": shard index out of range");
    if (seen_shard[index] >= 0)
      throw std::runtime_error(fmt::format("{}: shard {}/{} is also {}", name, index, count,
                                           names[static_cast<std::size_t>(seen_shard[index])]));
    seen_shard[index] = static_cast<int>(f);
    for (const ordered_json& r : doc.at("records")) {
      const auto task = r.at("task").get<std::size_t>();
      if (task >= total || task % count != index || have[task])
        throw std::runtime_error(fmt::format("{}: task {} does not belong in shard {}/{}", name, task, index, count));
      have[task] = true;
      records[task] = r;
    }
  }
  for (std::uint32_t i = 0; i < count; ++i)
    if (seen_shard[i] < 0) throw std::runtime_error(fmt::format("shard {}/{} is missing", i, count));
  for (std::size_t t = 0; t < total; ++t)
    if (!have[t]) throw std::runtime_error(fmt::format("task {} is missing from shard {}/{}", t, t % count, count));
  return assemble(plan, records);
}

}  // namespace spoolsim::cli

#include "support/cli_results.hpp"

namespace spoolsim::testing {

using models::OutcomeCounts;

models::StrategyResult strategy_result(models::StrategyKind kind, std::uint64_t sent, std::uint64_t lost,
                                       std::uint64_t bounced, std::uint64_t pending, models::LossCause cause,
                                       const std::vector<double>& latency_s) {
  models::StrategyResult r;
  r.strategy = kind;
  OutcomeCounts& o = r.outcomes;
  o.sent = sent;
  o.lost = lost;
  o.bounced = bounced;
  o.pending = pending;
  o.delivered = sent - lost - bounced - pending;
  o.delivered_all_devices = o.delivered / 2;
  o.duplicates = lost / 3;
  o.lost_by_cause[static_cast<std::size_t>(cause)] = lost;
  o.bounced_by_reason[static_cast<std::size_t>(models::BounceReason::SpoolFull)] = bounced;
  for (std::uint64_t i = 0; i < o.delivered && !latency_s.empty(); ++i)
    r.latency_us.record(static_cast<std::int64_t>(latency_s[i % latency_s.size()] * 1e6));
  return r;
}

models::RunResult run_result(const std::vector<models::StrategyKind>& strategies, std::uint64_t sent,
                             const std::vector<std::vector<std::uint64_t>>& lost, std::uint32_t users) {
  models::RunResult run;
  run.users = users;
  run.devices = users * 3 / 2;
  run.strategies = strategies;
  run.wall_seconds = 1.5;
  const std::size_t reps = lost.empty() ? 0 : lost.front().size();
  for (std::size_t rep = 0; rep < reps; ++rep) {
    models::ReplicationResult rr;
    rr.replication = static_cast<std::uint32_t>(rep);
    rr.fingerprint = 0x1234 + rep;
    rr.world_events = 1000 + rep;
    rr.replica_events = 500;
    for (std::size_t s = 0; s < strategies.size(); ++s) {
      models::StrategyResult r = strategy_result(strategies[s], sent, lost[s][rep], 2, 1,
                                                 models::LossCause::PurgedOnBind2, {1.0, 30.0, 600.0, 7200.0});
      r.spool.peak_rows = 10 * (rep + 1) + s;
      r.spool.peak_bytes = 1000 * (rep + 1);
      r.spool.mean_rows = 5.0 * static_cast<double>(rep + 1);
      r.spool.byte_days = 2.0 * static_cast<double>(rep + 1);
      r.spool.rows_written = 100 * (rep + 1);
      r.spool.rows_deleted = 90 * (rep + 1);
      r.spool.ops[static_cast<std::size_t>(models::StoreOp::Insert)] = 100 * (rep + 1);
      r.archive.peak_rows = 50 * (rep + 1);
      r.archive.mean_rows = 40.0;
      r.cost_per_month_per_1000_users = 0.5 + static_cast<double>(rep);
      auto half = [](const OutcomeCounts& c, bool first) {
        OutcomeCounts h;
        auto split = [first](std::uint64_t v) { return first ? v / 2 : v - v / 2; };
        h.sent = split(c.sent);
        h.delivered = split(c.delivered);
        h.bounced = split(c.bounced);
        h.lost = split(c.lost);
        h.pending = split(c.pending);
        return h;
      };
      r.by_recipient_mix = {{"conversations", half(r.outcomes, true)}, {"conversations+gajim", half(r.outcomes, false)}};
      r.by_profile = {{"conversations", half(r.outcomes, true)}, {"gajim", half(r.outcomes, false)}};
      rr.strategies.push_back(std::move(r));
    }
    run.replications.push_back(std::move(rr));
  }
  return run;
}

}  // namespace spoolsim::testing

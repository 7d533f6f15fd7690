// JSON report: see docs/report-format.md for every field. Counts are JSON
// integers, rates are fractions (0.0123, not 1.23%), times are seconds.
#include "cli/report_json.hpp"

#include "cli/report_occupancy.hpp"

namespace spoolsim::cli {
namespace {

using nlohmann::ordered_json;

ordered_json ci_pair(const sim::ConfidenceInterval& ci) { return ordered_json::array({ci.low, ci.high}); }

ordered_json storage_json(const models::StorageStats& s, std::uint32_t users) {
  ordered_json ops = ordered_json::object();
  for (int k = 0; k < models::kStoreOpCount; ++k)
    ops[models::to_string(static_cast<models::StoreOp>(k))] = s.ops[static_cast<std::size_t>(k)];
  return ordered_json{
      {"peak_rows", s.peak_rows},
      {"peak_bytes", s.peak_bytes},
      {"mean_rows_per_user", users ? s.mean_rows / static_cast<double>(users) : 0.0},
      {"byte_days", s.byte_days},
      {"rows_written", s.rows_written},
      {"rows_deleted", s.rows_deleted},
      {"ops", ops},
  };
}

ordered_json groups_json(const std::vector<models::GroupOutcome>& groups, const char* key) {
  ordered_json out = ordered_json::array();
  for (const models::GroupOutcome& g : groups) {
    out.push_back(ordered_json{
        {key, g.label},
        {"sent", g.counts.sent},
        {"delivered", g.counts.delivered},
        {"bounced", g.counts.bounced},
        {"lost", g.counts.lost},
        {"pending", g.counts.pending},
        {"loss_rate", g.counts.loss_rate()},
    });
  }
  return out;
}

ordered_json strategy_json(const Report& r, std::size_t index) {
  const models::StrategySummary& s = r.summary.strategies[index];
  const models::RunResult& res = *r.result;
  const models::OutcomeCounts& c = s.totals;
  ordered_json causes = ordered_json::object();
  for (int k = 0; k < models::kLossCauseCount; ++k)
    causes[models::to_string(static_cast<models::LossCause>(k))] = c.lost_by_cause[static_cast<std::size_t>(k)];
  ordered_json reasons = ordered_json::object();
  for (int k = 0; k < models::kBounceReasonCount; ++k)
    reasons[models::to_string(static_cast<models::BounceReason>(k))] =
        c.bounced_by_reason[static_cast<std::size_t>(k)];
  ordered_json per_rep = ordered_json::array();
  for (const models::ReplicationResult& rep : res.replications) {
    const models::StrategyResult& sr = rep.strategies.at(index);
    const models::OutcomeCounts& o = sr.outcomes;
    per_rep.push_back(ordered_json{
        {"replication", rep.replication},
        {"sent", o.sent},
        {"delivered", o.delivered},
        {"bounced", o.bounced},
        {"lost", o.lost},
        {"pending", o.pending},
        {"loss_rate", o.loss_rate()},
        {"mean_spool_rows_per_user", res.users ? sr.spool.mean_rows / static_cast<double>(res.users) : 0.0},
    });
  }
  return ordered_json{
      {"name", models::to_string(s.strategy)},
      {"fingerprint", hex64(models::strategy_fingerprint(res, index))},
      {"sent", c.sent},
      {"delivered", c.delivered},
      {"bounced", c.bounced},
      {"lost", c.lost},
      {"pending", c.pending},
      {"duplicates", c.duplicates},
      {"delivered_all_devices", c.delivered_all_devices},
      {"loss_rate", s.loss_rate.mean},
      {"loss_rate_ci95", ci_pair(s.loss_rate)},
      {"latency_s", ordered_json{{"p50", s.latency_p50_s}, {"p95", s.latency_p95_s}, {"p99", s.latency_p99_s}}},
      {"lost_by_cause", causes},
      {"bounced_by_reason", reasons},
      {"spool", storage_json(s.spool, res.users)},
      {"archive", storage_json(s.archive, res.users)},
      {"cost_per_month_per_1000_users", s.cost_per_month_per_1000_users},
      {"by_recipient_mix", groups_json(s.by_recipient_mix, "mix")},
      {"by_profile", groups_json(s.by_profile, "profile")},
      {"per_replication", per_rep},
  };
}

}  // namespace

// The defaults and assumptions the run used, each with its origin; `check`
// marks a default or preset not stated for this server (issue 14 item 4).
ordered_json assumptions_json(const Report& r) {
  ordered_json out = ordered_json::array();
  for (const scenarios::Assumption& a : r.info.assumptions) {
    out.push_back({{"topic", a.topic}, {"value", a.value}, {"origin", a.origin}, {"check", a.check}});
  }
  return out;
}

ordered_json report_json(const Report& r) {
  const models::RunResult& res = *r.result;
  ordered_json strategies = ordered_json::array();
  for (std::size_t i = 0; i < r.summary.strategies.size(); ++i) strategies.push_back(strategy_json(r, i));
  ordered_json paired = ordered_json::array();
  for (const models::PairedDifference& p : r.summary.paired) {
    paired.push_back(ordered_json{
        {"a", models::to_string(p.a)},
        {"b", models::to_string(p.b)},
        {"loss_rate_diff", p.loss_rate_diff.mean},
        {"ci95", ci_pair(p.loss_rate_diff)},
    });
  }
  return ordered_json{
      {"scenario", r.info.scenario},
      {"seed", r.info.seed},
      {"replications", r.info.replications},
      {"users", res.users},
      {"devices", res.devices},
      {"days", r.info.days},
      {"server_preset", r.info.server_preset},
      {"release_strategy", r.info.release_strategy ? ordered_json(models::to_string(*r.info.release_strategy))
                                                   : ordered_json(nullptr)},
      {"events", models::total_events(res)},
      {"wall_s", res.wall_seconds},
      {"fingerprint", hex64(models::run_fingerprint(res))},
      {"run", ordered_json{{"version", r.info.version},
                           {"git_revision", r.info.git_revision},
                           {"scenario_sha256", r.info.scenario_sha256},
                           {"command_line", r.info.command_line}}},
      {"strategies", strategies},
      {"paired_differences", paired},
      {"assumptions", assumptions_json(r)},
      {"occupancy", occupancy_json(r)},  // spool and archive over time (HTML report)
  };
}

std::string format_json(const Report& report) { return report_json(report).dump(2) + "\n"; }

}  // namespace spoolsim::cli

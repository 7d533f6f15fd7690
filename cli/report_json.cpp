// JSON report: see docs/report-format.md for every field. Counts are JSON
// integers, rates are fractions (0.0123, not 1.23%), times are seconds.
#include "cli/report_json.hpp"

#include "cli/report_units.hpp"
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
        {"lost_per_day", per_day(static_cast<double>(o.lost), 1, counted_days(r.info))},
    });
  }
  const StrategyUnits units = strategy_units(r, index);
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
      // Operator units (issue 17): a replication's mean over the counted window.
      {"sent_per_day", units.sent_per_day},
      {"lost_per_day", units.lost_per_day},
      {"lost_per_1000_users_per_month", units.lost_per_1000_users_per_month},
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
      {"counted_days", counted_days(r.info)},
      {"warmup_days", r.info.warmup_days},
      {"drain_days", r.info.drain_days},
      {"currency", currency_label(r.info.currency)},
      {"headline", run_headline(r)},
      {"records", run_records(r)},
      {"occupancy", occupancy_json(r)},  // spool and archive over time (HTML report)
  };
}

// One flat dict per strategy: pandas.DataFrame(doc["records"]) reads it in
// one call. Context first, then counts (summed over replications), then
// operator units (a replication's mean). No interval with one replication.
ordered_json run_records(const Report& r) {
  const models::RunResult& res = *r.result;
  const auto overrides = set_values(r.info.sets);
  std::string sets;
  for (const std::string& set : r.info.sets) sets += (sets.empty() ? "" : "; ") + set;
  const bool interval = res.replications.size() >= 2;
  ordered_json out = ordered_json::array();
  for (std::size_t i = 0; i < r.summary.strategies.size(); ++i) {
    const models::StrategySummary& s = r.summary.strategies[i];
    const models::OutcomeCounts& c = s.totals;
    const StrategyUnits u = strategy_units(r, i);
    ordered_json rec = ordered_json::object();
    rec["scenario"] = r.info.scenario;
    rec["scenario_sha256"] = r.info.scenario_sha256;
    rec["seed"] = r.info.seed;
    rec["replications"] = res.replications.size();
    rec["users"] = res.users;
    rec["days"] = r.info.days;
    rec["counted_days"] = counted_days(r.info);
    rec["warmup_days"] = r.info.warmup_days;
    rec["drain_days"] = r.info.drain_days;
    rec["server_preset"] = r.info.server_preset;
    rec["release_strategy"] =
        r.info.release_strategy ? ordered_json(models::to_string(*r.info.release_strategy)) : ordered_json(nullptr);
    rec["sets"] = sets;
    for (const auto& [path, value] : overrides) rec["set:" + path] = value;
    rec["strategy"] = models::to_string(s.strategy);
    rec["is_release"] = r.info.release_strategy == s.strategy;
    for (const auto& [key, n] : {std::pair<const char*, std::uint64_t>{"sent", c.sent},
                                 {"delivered", c.delivered}, {"delivered_all_devices", c.delivered_all_devices},
                                 {"bounced", c.bounced}, {"lost", c.lost}, {"pending", c.pending},
                                 {"duplicates", c.duplicates}})
      rec[key] = n;
    rec["loss_rate"] = s.loss_rate.mean;
    rec["loss_rate_ci95_low"] = interval ? ordered_json(s.loss_rate.low) : ordered_json(nullptr);
    rec["loss_rate_ci95_high"] = interval ? ordered_json(s.loss_rate.high) : ordered_json(nullptr);
    rec["sent_per_day"] = u.sent_per_day;
    rec["lost_per_day"] = u.lost_per_day;
    rec["lost_per_1000_users_per_month"] = u.lost_per_1000_users_per_month;
    for (int k = 0; k < models::kLossCauseCount; ++k)
      rec[std::string("lost_") + models::to_string(static_cast<models::LossCause>(k))] =
          c.lost_by_cause[static_cast<std::size_t>(k)];
    for (int k = 0; k < models::kBounceReasonCount; ++k)
      rec[std::string("bounced_") + models::to_string(static_cast<models::BounceReason>(k))] =
          c.bounced_by_reason[static_cast<std::size_t>(k)];
    rec["latency_p50_s"] = s.latency_p50_s;
    rec["latency_p95_s"] = s.latency_p95_s;
    rec["latency_p99_s"] = s.latency_p99_s;
    const double users = res.users ? static_cast<double>(res.users) : 1.0;
    rec["spool_peak_rows"] = s.spool.peak_rows;
    rec["spool_peak_bytes"] = s.spool.peak_bytes;
    rec["spool_mean_rows_per_user"] = res.users ? s.spool.mean_rows / users : 0.0;
    rec["archive_peak_rows"] = s.archive.peak_rows;
    rec["archive_peak_bytes"] = s.archive.peak_bytes;
    rec["archive_mean_rows_per_user"] = res.users ? s.archive.mean_rows / users : 0.0;
    rec["cost_per_month_per_1000_users"] = s.cost_per_month_per_1000_users;
    rec["currency"] = currency_label(r.info.currency);
    out.push_back(std::move(rec));
  }
  return out;
}

std::string format_json(const Report& report) { return report_json(report).dump(2) + "\n"; }

}  // namespace spoolsim::cli

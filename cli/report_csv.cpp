#include "cli/report_csv.hpp"

#include "cli/report_units.hpp"

#include <fmt/format.h>

namespace spoolsim::cli {
namespace {

// Doubles round-trip exactly ({} is fmt's shortest exact form).
std::string num(double x) { return fmt::format("{}", x); }
std::string num(std::uint64_t x) { return std::to_string(x); }

void storage_columns(std::vector<std::string>& out, const char* store) {
  for (const char* f : {"peak_rows", "peak_bytes", "mean_rows", "byte_days", "rows_written", "rows_deleted"})
    out.push_back(fmt::format("{}_{}", store, f));
  for (int k = 0; k < models::kStoreOpCount; ++k)
    out.push_back(fmt::format("{}_ops_{}", store, models::to_string(static_cast<models::StoreOp>(k))));
}

void storage_values(std::vector<std::string>& out, const models::StorageStats& s) {
  out.insert(out.end(), {num(s.peak_rows), num(s.peak_bytes), num(s.mean_rows), num(s.byte_days),
                         num(s.rows_written), num(s.rows_deleted)});
  for (std::uint64_t ops : s.ops) out.push_back(num(ops));
}

std::string join(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  return line + '\n';
}

}  // namespace

std::vector<std::string> csv_columns() {
  std::vector<std::string> c{"scenario", "scenario_sha256", "seed", "replication", "strategy", "version",
                             "fingerprint", "strategy_fingerprint", "sent", "delivered", "delivered_all_devices", "bounced", "lost",
                             "pending", "duplicates", "loss_rate", "latency_p50_s", "latency_p95_s",
                             "latency_p99_s"};
  for (int k = 0; k < models::kLossCauseCount; ++k)
    c.push_back(fmt::format("lost_{}", models::to_string(static_cast<models::LossCause>(k))));
  for (int k = 0; k < models::kBounceReasonCount; ++k)
    c.push_back(fmt::format("bounced_{}", models::to_string(static_cast<models::BounceReason>(k))));
  storage_columns(c, "spool");
  storage_columns(c, "archive");
  c.push_back("cost_per_month_per_1000_users");
  // Context (issue 17): what a row needs to be read without its run.
  for (const char* k : {"users", "counted_days", "warmup_days", "drain_days", "replications", "sets"}) c.push_back(k);
  // Operator units of this replication over the counted window, and what the
  // server preset names (issue 17 item 3).
  for (const char* k : {"server_preset", "release_strategy", "is_release", "currency", "sent_per_day", "lost_per_day",
                        "lost_per_1000_users_per_month"})
    c.push_back(k);
  return c;
}

std::vector<std::string> csv_columns(const Report& r) {
  std::vector<std::string> c = csv_columns();
  for (const auto& [path, value] : set_values(r.info.sets)) c.push_back("set:" + path);
  c.push_back("headline");
  return c;
}

std::string format_csv(const Report& r) {
  std::string out = join(csv_columns(r));
  const auto overrides = set_values(r.info.sets);
  const std::string headline = run_headline(r).at("text").get<std::string>();
  const double counted = counted_days(r.info);
  const std::string release =
      r.info.release_strategy ? std::string(models::to_string(*r.info.release_strategy)) : std::string();
  std::string sets;  // every override, "; "-separated
  for (const std::string& set : r.info.sets) sets += (sets.empty() ? "" : "; ") + set;
  for (const models::ReplicationResult& rep : r.result->replications) {
    for (const models::StrategyResult& s : rep.strategies) {
      const models::OutcomeCounts& o = s.outcomes;
      std::vector<std::string> row{r.info.scenario, r.info.scenario_sha256, num(r.info.seed),
                                   std::to_string(rep.replication), models::to_string(s.strategy),
                                   r.info.version, hex64(rep.fingerprint), hex64(s.fingerprint), num(o.sent), num(o.delivered),
                                   num(o.delivered_all_devices), num(o.bounced), num(o.lost), num(o.pending),
                                   num(o.duplicates), num(o.loss_rate())};
      for (double q : {0.50, 0.95, 0.99})
        row.push_back(num(static_cast<double>(s.latency_us.quantile(q)) / 1e6));
      for (std::uint64_t n : o.lost_by_cause) row.push_back(num(n));
      for (std::uint64_t n : o.bounced_by_reason) row.push_back(num(n));
      storage_values(row, s.spool);
      storage_values(row, s.archive);
      row.push_back(num(s.cost_per_month_per_1000_users));
      row.insert(row.end(), {num(std::uint64_t{r.result->users}),
                             num(r.info.days - r.info.warmup_days - r.info.drain_days), num(r.info.warmup_days),
                             num(r.info.drain_days), num(std::uint64_t{r.info.replications}), sets});
      const double lost_per_day = per_day(static_cast<double>(o.lost), 1, counted);
      row.insert(row.end(), {r.info.server_preset, release, r.info.release_strategy == s.strategy ? "true" : "false",
                             currency_label(r.info.currency), num(per_day(static_cast<double>(o.sent), 1, counted)),
                             num(lost_per_day), num(per_1000_users_per_month(lost_per_day, r.result->users))});
      for (const auto& [path, value] : overrides) row.push_back(value);
      row.push_back(headline);
      out += join(row);
    }
  }
  return out;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

}  // namespace spoolsim::cli

// A sweep's result from its records: one flat row per point x strategy
// (pandas.DataFrame(result["rows"]) reads it in one call), paired
// differences between points (R12.3: paired by replication, the same users
// and messages on every point), and for a comparison a verdict. With one
// replication there is no interval and no verdict.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "cli/report_csv.hpp"
#include "cli/report_units.hpp"
#include "cli/terminal_text.hpp"
#include "report/human_format.hpp"
#include "cli/sweep.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::cli {
namespace {

struct Table {  // records indexed [point][replication]
  std::vector<std::vector<const ordered_json*>> at;
};

double loss_rate(const ordered_json& s) {
  const auto sent = s.at("sent").get<std::uint64_t>();
  return sent ? static_cast<double>(s.at("lost").get<std::uint64_t>()) / static_cast<double>(sent) : 0.0;
}

std::vector<double> rates(const Table& t, std::size_t point, std::size_t strategy) {
  std::vector<double> out;
  for (const ordered_json* r : t.at[point]) out.push_back(loss_rate(r->at("strategies").at(strategy)));
  return out;
}

ordered_json interval_or_null(const std::vector<double>& a, const std::vector<double>& b, ordered_json& diff) {
  const sim::ConfidenceInterval ci = sim::paired_difference(a, b, 0.95);
  diff["loss_rate_diff"] = ci.mean;
  if (a.size() < 2) return ordered_json::array({nullptr, nullptr});
  return ordered_json::array({ci.low, ci.high});
}

std::string verdict(const ordered_json& ci) {
  if (ci[0].is_null()) return "";
  if (ci[0].get<double>() > 0) return "more loss";
  if (ci[1].get<double>() < 0) return "less loss";
  return "no significant difference at 95%";
}

ordered_json row_for(const ordered_json& header, const ordered_json& point, const Table& t, std::size_t p,
                     std::size_t s) {
  const std::string strategy = header.at("strategies").at(s).get<std::string>();
  ordered_json row = ordered_json::object();
  row["point"] = p;
  for (const auto& [label, value] : point.at("values").items()) row[label] = value;
  row["strategy"] = strategy;
  row["release_strategy"] = point.at("release_strategy");
  for (const char* key : {"scenario", "scenario_sha256", "users", "counted_days", "warmup_days", "drain_days"})
    row[key] = point.at(key);
  row["seed"] = header.at("seed");
  row["replications"] = header.at("replications");
  std::string sets;
  for (const auto& set : point.at("sets")) sets += (sets.empty() ? "" : "; ") + set.get<std::string>();
  row["sets"] = sets;
  // The base overrides (not the swept values, which have their own columns).
  std::vector<std::string> set_list;
  for (const auto& set : point.at("sets")) set_list.push_back(set.get<std::string>());
  for (const auto& [path, value] : set_values(set_list))
    if (!point.at("values").contains(path) && !(header.at("kind") == "compare" && path == "server.preset"))
      row["set:" + path] = value;

  std::map<std::string, std::uint64_t> sums;
  std::vector<std::string> count_keys{"sent", "delivered", "delivered_all_devices", "bounced", "lost", "pending",
                                      "duplicates"};
  std::vector<std::string> cause_keys, reason_keys;
  for (const auto& [k, v] : t.at[p].front()->at("strategies").at(s).at("lost_by_cause").items()) cause_keys.push_back(k);
  for (const auto& [k, v] : t.at[p].front()->at("strategies").at(s).at("bounced_by_reason").items())
    reason_keys.push_back(k);
  sim::RunningStat loss;
  std::array<double, 3> latency{};
  std::uint64_t spool_peak_rows = 0, spool_peak_bytes = 0, archive_peak_rows = 0, archive_peak_bytes = 0;
  double spool_mean_rows = 0, archive_mean_rows = 0, cost = 0;
  for (const ordered_json* rec : t.at[p]) {
    const ordered_json& r = rec->at("strategies").at(s);
    if (r.at("name") != strategy) throw std::runtime_error("record for task " + rec->at("task").dump() + " holds " +
                                                           r.at("name").dump() + " where " + strategy + " belongs");
    for (const std::string& k : count_keys) sums[k] += r.at(k).get<std::uint64_t>();
    for (const std::string& k : cause_keys) sums["lost_" + k] += r.at("lost_by_cause").at(k).get<std::uint64_t>();
    for (const std::string& k : reason_keys)
      sums["bounced_" + k] += r.at("bounced_by_reason").at(k).get<std::uint64_t>();
    loss.add(loss_rate(r));
    for (std::size_t q = 0; q < 3; ++q) latency[q] += r.at("latency_s").at(q).get<double>();
    spool_peak_rows = std::max(spool_peak_rows, r.at("spool").at("peak_rows").get<std::uint64_t>());
    spool_peak_bytes = std::max(spool_peak_bytes, r.at("spool").at("peak_bytes").get<std::uint64_t>());
    archive_peak_rows = std::max(archive_peak_rows, r.at("archive").at("peak_rows").get<std::uint64_t>());
    archive_peak_bytes = std::max(archive_peak_bytes, r.at("archive").at("peak_bytes").get<std::uint64_t>());
    spool_mean_rows += r.at("spool").at("mean_rows").get<double>();
    archive_mean_rows += r.at("archive").at("mean_rows").get<double>();
    cost += r.at("cost_per_month_per_1000_users").get<double>();
  }
  const double n = static_cast<double>(t.at[p].size());
  const double users = point.at("users").get<double>();
  const double counted = point.at("counted_days").get<double>();
  for (const std::string& k : count_keys) row[k] = sums[k];
  const sim::ConfidenceInterval ci = sim::confidence_interval(loss, 0.95);
  row["loss_rate"] = ci.mean;
  row["loss_rate_ci95_low"] = loss.count() >= 2 ? ordered_json(ci.low) : ordered_json(nullptr);
  row["loss_rate_ci95_high"] = loss.count() >= 2 ? ordered_json(ci.high) : ordered_json(nullptr);
  // Operator units over the counted window: a replication's mean.
  const double lost_per_day = counted > 0 ? static_cast<double>(sums["lost"]) / n / counted : 0.0;
  row["lost_per_day"] = lost_per_day;
  row["lost_per_1000_users_per_month"] = users > 0 ? lost_per_day * kDaysPerMonth * 1000.0 / users : 0.0;
  for (const std::string& k : cause_keys) row["lost_" + k] = sums["lost_" + k];
  for (const std::string& k : reason_keys) row["bounced_" + k] = sums["bounced_" + k];
  // Replications may run on different ranks, so only per-replication
  // quantiles travel: the sweep reports their mean.
  row["latency_p50_s"] = latency[0] / n;
  row["latency_p95_s"] = latency[1] / n;
  row["latency_p99_s"] = latency[2] / n;
  row["spool_peak_rows"] = spool_peak_rows;
  row["spool_peak_bytes"] = spool_peak_bytes;
  row["spool_mean_rows_per_user"] = users > 0 ? spool_mean_rows / n / users : 0.0;
  row["archive_peak_rows"] = archive_peak_rows;
  row["archive_peak_bytes"] = archive_peak_bytes;
  row["archive_mean_rows_per_user"] = users > 0 ? archive_mean_rows / n / users : 0.0;
  row["cost_per_month_per_1000_users"] = cost / n;
  // Added for issue 17 item 3 (operator units): after the existing keys.
  row["is_release"] = row.at("release_strategy") == row.at("strategy");
  row["sent_per_day"] = counted > 0 ? static_cast<double>(sums["sent"]) / n / counted : 0.0;
  row["currency"] = currency_label(point.value("currency", std::string()));
  return row;
}

ordered_json difference(const Table& t, const ordered_json& header, std::size_t s, std::size_t p, std::size_t against,
                        const char* kind, const ordered_json& axis) {
  ordered_json d{{"strategy", header.at("strategies").at(s)}, {"point", p}, {"against", against}, {"kind", kind},
                 {"axis", axis}};
  d["ci95"] = interval_or_null(rates(t, p, s), rates(t, against, s), d);
  return d;
}

// Neighbours along each axis of a grid (the point one value back on that
// --vary), or the previous point of zipped lists; and the first point.
ordered_json sweep_differences(const Table& t, const ordered_json& header) {
  const ordered_json& points = header.at("points");
  const std::size_t axes = header.at("labels").size();
  std::vector<std::size_t> size(axes, 1), stride(axes, 1);
  for (const ordered_json& p : points)
    for (std::size_t k = 0; k < axes; ++k)
      size[k] = std::max(size[k], p.at("axis_index").at(k).get<std::size_t>() + 1);
  for (std::size_t k = axes; k-- > 1;) stride[k - 1] = stride[k] * size[k];
  const bool zip = header.at("zip").get<bool>();
  ordered_json out = ordered_json::array();
  for (std::size_t s = 0; s < header.at("strategies").size(); ++s) {
    for (std::size_t p = 1; p < points.size(); ++p) {
      bool first_is_neighbour = false;
      if (zip) {
        out.push_back(difference(t, header, s, p, p - 1, "neighbour", nullptr));
        first_is_neighbour = p == 1;
      } else {
        for (std::size_t k = 0; k < axes; ++k) {
          if (points[p].at("axis_index").at(k).get<std::size_t>() == 0) continue;
          out.push_back(difference(t, header, s, p, p - stride[k], "neighbour", header.at("labels").at(k)));
          first_is_neighbour = first_is_neighbour || p - stride[k] == 0;
        }
      }
      if (!first_is_neighbour) out.push_back(difference(t, header, s, p, 0, "first", nullptr));
    }
  }
  return out;
}

// compare: B - A per strategy, and release against release ("what each
// release does": each side's own Bind2 behaviour on its own configuration).
void compare_differences(const Table& t, const ordered_json& header, ordered_json& result) {
  ordered_json out = ordered_json::array();
  for (std::size_t s = 0; s < header.at("strategies").size(); ++s) {
    ordered_json d = difference(t, header, s, 1, 0, "side", nullptr);
    const std::string v = verdict(d.at("ci95"));
    d["verdict"] = v.empty() ? ordered_json(nullptr) : ordered_json(v);
    out.push_back(d);
  }
  result["differences"] = out;
  const ordered_json& a = header.at("points").at(0);
  const ordered_json& b = header.at("points").at(1);
  ordered_json release{{"a", a.at("release_strategy")}, {"b", b.at("release_strategy")}};
  auto index_of = [&](const ordered_json& name) -> std::ptrdiff_t {
    const ordered_json& list = header.at("strategies");
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i] == name) return static_cast<std::ptrdiff_t>(i);
    return -1;
  };
  const std::ptrdiff_t ia = a.at("release_strategy").is_null() ? -1 : index_of(a.at("release_strategy"));
  const std::ptrdiff_t ib = b.at("release_strategy").is_null() ? -1 : index_of(b.at("release_strategy"));
  if (ia < 0 || ib < 0) {
    release["loss_rate_a"] = nullptr;
    release["loss_rate_b"] = nullptr;
    release["loss_rate_diff"] = nullptr;
    release["ci95"] = ordered_json::array({nullptr, nullptr});
    release["verdict"] = nullptr;
    release["note"] = "a side names no server preset, or its release's strategy is not among the compared strategies";
  } else {
    const std::vector<double> ra = rates(t, 0, static_cast<std::size_t>(ia));
    const std::vector<double> rb = rates(t, 1, static_cast<std::size_t>(ib));
    sim::RunningStat sa, sb;
    for (double x : ra) sa.add(x);
    for (double x : rb) sb.add(x);
    release["loss_rate_a"] = sa.mean();
    release["loss_rate_b"] = sb.mean();
    release["ci95"] = interval_or_null(rb, ra, release);
    const std::string v = verdict(release.at("ci95"));
    release["verdict"] = v.empty() ? ordered_json(nullptr) : ordered_json(v);
  }
  result["release"] = release;
  // A check that the two sides drew the same messages (R1.4: streams per
  // seed, replication, entity and purpose): every replication counted as many
  // sent messages on both sides. Fingerprints cannot tell, as they also cover
  // archive events, which MAM settings change.
  bool same = header.at("points").at(0).at("users") == header.at("points").at(1).at("users");
  for (std::size_t r = 0; r < t.at[0].size(); ++r)
    same = same && t.at[0][r]->at("strategies").at(0).at("sent") == t.at[1][r]->at("strategies").at(0).at("sent");
  result["same_messages_sent"] = same;
}

// The headline over every row: the baseline is the first point (the
// scenario as given, or side A) and its release's strategy.
ordered_json sweep_headline(const ordered_json& header, const ordered_json& rows) {
  const ordered_json& first = header.at("points").at(0);
  HeadlineInput in;
  in.server_preset = first.at("server_preset").get<std::string>();
  if (!first.at("release_strategy").is_null()) in.release_strategy = first.at("release_strategy").get<std::string>();
  in.users = first.at("users").get<std::uint64_t>();
  in.counted_days = first.at("counted_days").get<double>();
  in.replications = header.at("replications").get<std::uint32_t>();
  in.currency = currency_label(first.value("currency", std::string()));
  const std::vector<std::string> labels = header.at("labels").get<std::vector<std::string>>();
  for (const ordered_json& row : rows) {
    HeadlineRow h;
    h.strategy = row.at("strategy").get<std::string>();
    for (const std::string& l : labels) h.values.emplace_back(l, row.at(l).get<std::string>());
    if (!row.at("release_strategy").is_null()) h.point_release = row.at("release_strategy").get<std::string>();
    h.lost_per_day = row.at("lost_per_day").get<double>();
    h.lost_per_1000_users_per_month = row.at("lost_per_1000_users_per_month").get<double>();
    h.loss_rate = row.at("loss_rate").get<double>();
    h.cost_per_month_per_1000_users = row.at("cost_per_month_per_1000_users").get<double>();
    h.lost = row.at("lost").get<std::uint64_t>();
    for (int k = 0; k < models::kLossCauseCount; ++k) {
      const std::string cause = models::to_string(static_cast<models::LossCause>(k));
      h.lost_by_cause.emplace_back(cause, row.value("lost_" + cause, std::uint64_t{0}));
    }
    if (row.at("point").get<std::size_t>() == 0) ++in.baseline_rows;
    in.rows.push_back(std::move(h));
  }
  return headline_json(in);
}

}  // namespace

ordered_json assemble(const ordered_json& header, const std::vector<ordered_json>& records) {
  const std::size_t points = header.at("points").size();
  const auto reps = header.at("replications").get<std::size_t>();
  if (records.size() != points * reps)
    throw std::runtime_error(fmt::format("{} records for {} points x {} replications", records.size(), points, reps));
  Table t;
  t.at.assign(points, std::vector<const ordered_json*>(reps, nullptr));
  for (std::size_t i = 0; i < records.size(); ++i) {
    const ordered_json& r = records[i];
    if (r.at("task").get<std::size_t>() != i || r.at("point").get<std::size_t>() != i / reps ||
        r.at("replication").get<std::size_t>() != i % reps)
      throw std::runtime_error(fmt::format("record {} is out of place", i));
    t.at[i / reps][i % reps] = &r;
  }
  ordered_json result = ordered_json::object();
  ordered_json info = header;
  info.erase("points");
  result[header.at("kind").get<std::string>()] = info;
  ordered_json point_list = ordered_json::array();
  ordered_json rows = ordered_json::array();
  for (std::size_t p = 0; p < points; ++p) {
    ordered_json point = header.at("points").at(p);
    ordered_json prints = ordered_json::array();
    std::uint64_t events = 0;
    for (const ordered_json* r : t.at[p]) {
      prints.push_back(r->at("fingerprint"));
      events += r->at("events").get<std::uint64_t>();
    }
    point["fingerprints"] = prints;
    point["events"] = events;
    point_list.push_back(point);
    for (std::size_t s = 0; s < header.at("strategies").size(); ++s)
      rows.push_back(row_for(header, header.at("points").at(p), t, p, s));
  }
  result["points"] = point_list;
  result["rows"] = rows;
  if (header.at("kind") == "compare") compare_differences(t, header, result);
  else result["differences"] = sweep_differences(t, header);
  // Issue 17 item 3: the headline, and `records` (the name every spoolsim
  // JSON gives its flat table; here the same as `rows`).
  result["headline"] = sweep_headline(header, result.at("rows"));
  result["records"] = result.at("rows");
  return result;
}

namespace {

std::string pct(const ordered_json& x) { return x.is_null() ? "" : fmt::format("{:.2f}%", x.get<double>() * 100); }
std::string pp(double x) { return fmt::format("{:+.2f} pp", x * 100); }

// One replication has no interval: " [n/a]".
std::string interval(const ordered_json& low, const ordered_json& high, bool points) {
  if (low.is_null()) return " [n/a]";
  return points ? fmt::format(" [{:+.2f}, {:+.2f}]", low.get<double>() * 100, high.get<double>() * 100)
                : fmt::format(" [{:.2f}%, {:.2f}%]", low.get<double>() * 100, high.get<double>() * 100);
}

std::string point_label(const ordered_json& result, std::size_t p) {
  const ordered_json& point = result.at("points").at(p);
  std::string out;
  for (const auto& [k, v] : point.at("values").items())
    out += (out.empty() ? "" : ", ") + k + "=" + v.get<std::string>();
  return out;
}

std::string pad(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }
std::string lpad(const std::string& s, std::size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; }

}  // namespace

std::string format_sweep_table(const ordered_json& result) {
  const bool compare = result.contains("compare");
  const ordered_json& info = compare ? result.at("compare") : result.at("sweep");
  const ordered_json& first = result.at("points").at(0);
  const auto reps = info.at("replications").get<std::uint32_t>();
  std::string out;
  out += fmt::format("{} of {}: {} points x {} strategies, {} replication{}, seed {}\n", info.at("kind").get<std::string>(),
                     first.at("scenario").get<std::string>(), result.at("points").size(), info.at("strategies").size(),
                     reps, reps == 1 ? "" : "s", info.at("seed").dump());
  out += fmt::format("{} users; counted window {:g} day{} (warm-up {:g}, drain {:g}); every point on the same "
                     "seeds (common random numbers); a day and a month (30 days) are a replication's mean over the "
                     "counted window\n",
                     first.at("users").dump(), first.at("counted_days").get<double>(),
                     first.at("counted_days").get<double>() == 1.0 ? "" : "s", first.at("warmup_days").get<double>(), first.at("drain_days").get<double>());
  if (result.contains("headline"))
    out += "Headline: " + printable(result.at("headline").at("text").get<std::string>()) + "\n";
  out += "\n";
  const std::vector<std::string> labels = info.at("labels").get<std::vector<std::string>>();
  const std::string currency = result.at("rows").at(0).value("currency", std::string("price units"));
  std::vector<std::string> head = labels;
  for (const std::string& h : {std::string("strategy"), std::string("loss rate [95% CI]"), std::string("lost/day"),
                               std::string("lost/1k users/month"), std::string("p95 latency"),
                               std::string("spool peak rows"), std::string("spool peak size"),
                               "cost/month/1k users (" + currency + ")"})
    head.push_back(h);
  // The same decimals down a column.
  std::vector<double> per_day_values, per_month_values, costs;
  for (const ordered_json& row : result.at("rows")) {
    per_day_values.push_back(row.at("lost_per_day").get<double>());
    per_month_values.push_back(row.at("lost_per_1000_users_per_month").get<double>());
    costs.push_back(row.at("cost_per_month_per_1000_users").get<double>());
  }
  const int dd = report::amount_decimals(per_day_values);
  const int dm = report::amount_decimals(per_month_values);
  const int cd = std::max(2, report::amount_decimals(costs));
  std::vector<std::vector<std::string>> cells;
  for (const ordered_json& row : result.at("rows")) {
    std::vector<std::string> line;
    for (const std::string& l : labels) line.push_back(row.at(l).get<std::string>());
    const bool release = row.at("release_strategy") == row.at("strategy");
    line.push_back(row.at("strategy").get<std::string>() + (release ? " *" : ""));
    line.push_back(pct(row.at("loss_rate")) + interval(row.at("loss_rate_ci95_low"), row.at("loss_rate_ci95_high"), false));
    line.push_back(report::amount(row.at("lost_per_day").get<double>(), dd));
    line.push_back(report::amount(row.at("lost_per_1000_users_per_month").get<double>(), dm));
    line.push_back(report::human_duration(row.at("latency_p95_s").get<double>()));
    line.push_back(report::group_thousands(row.at("spool_peak_rows").get<std::uint64_t>()));
    line.push_back(report::decimal_bytes(row.at("spool_peak_bytes").get<std::uint64_t>()));
    line.push_back(report::amount(row.at("cost_per_month_per_1000_users").get<double>(), cd));
    cells.push_back(line);
  }
  std::vector<std::size_t> width(head.size());
  for (std::size_t c = 0; c < head.size(); ++c) {
    width[c] = head[c].size();
    for (const auto& line : cells) width[c] = std::max(width[c], line[c].size());
  }
  const std::size_t text_columns = labels.size() + 1;
  auto emit = [&](const std::vector<std::string>& line) {
    for (std::size_t c = 0; c < line.size(); ++c)
      out += (c ? "  " : "") + (c < text_columns ? pad(line[c], width[c]) : lpad(line[c], width[c]));
    out += "\n";
  };
  emit(head);
  for (const auto& line : cells) emit(line);
  out += "* the strategy the point's server preset runs (its release)\n";
  out += "latency: mean over replications of each replication's quantile\n\n";

  out += compare ? "Paired differences, B - A (loss rate, percentage points, 95% CI, paired by replication):\n"
                 : "Paired differences (loss rate, percentage points, 95% CI, paired by replication):\n";
  for (const ordered_json& d : result.at("differences")) {
    const auto p = d.at("point").get<std::size_t>();
    const auto a = d.at("against").get<std::size_t>();
    std::string line = fmt::format("  {:<20} ", d.at("strategy").get<std::string>());
    line += compare ? "B vs A" : "(" + point_label(result, p) + ") vs (" + point_label(result, a) + ")";
    line += ": " + pp(d.at("loss_rate_diff").get<double>()) + interval(d.at("ci95")[0], d.at("ci95")[1], true);
    if (compare && !d.at("verdict").is_null()) line += "  " + d.at("verdict").get<std::string>();
    out += line + "\n";
  }
  if (compare) {
    const ordered_json& rel = result.at("release");
    out += "\nWhat each release does (A runs " + (rel.at("a").is_null() ? std::string("-") : rel.at("a").get<std::string>()) +
           ", B runs " + (rel.at("b").is_null() ? std::string("-") : rel.at("b").get<std::string>()) + "):\n";
    if (rel.at("loss_rate_diff").is_null()) {
      out += "  " + rel.at("note").get<std::string>() + "\n";
    } else {
      out += fmt::format("  A loses {}, B loses {}; B - A: {}{}\n", pct(rel.at("loss_rate_a")), pct(rel.at("loss_rate_b")),
                         pp(rel.at("loss_rate_diff").get<double>()), interval(rel.at("ci95")[0], rel.at("ci95")[1], true));
      out += "  verdict: " +
             (rel.at("verdict").is_null() ? std::string("none with one replication (no interval)")
                                          : "B has " + rel.at("verdict").get<std::string>()) +
             "\n";
    }
    if (!result.at("same_messages_sent").get<bool>())
      out += "  note: the two sides sent different messages (population or traffic differ), so pairs share seeds, "
             "not users and messages\n";
  }
  return out;
}

std::string format_sweep_csv(const ordered_json& result) {
  std::string out;
  const ordered_json& rows = result.at("rows");
  std::vector<std::string> keys;
  for (const auto& [k, v] : rows.at(0).items()) keys.push_back(k);
  // The headline rides in a last column, the same on every row, so that
  // pandas.read_csv reads the file in one call.
  const bool headline = result.contains("headline");
  for (std::size_t i = 0; i < keys.size(); ++i) out += (i ? "," : "") + csv_field(keys[i]);
  out += headline ? ",headline\n" : "\n";
  const std::string text = headline ? csv_field(result.at("headline").at("text").get<std::string>()) : "";
  for (const ordered_json& row : rows) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const ordered_json& v = row.at(keys[i]);
      out += i ? "," : "";
      out += v.is_null() ? "" : v.is_string() ? csv_field(v.get<std::string>()) : v.dump();
    }
    out += headline ? "," + text + "\n" : "\n";
  }
  return out;
}

std::string format_sweep(const ordered_json& result, const std::string& format) {
  if (format == "json") return result.dump(2) + "\n";
  if (format == "csv") return format_sweep_csv(result);
  return format_sweep_table(result);
}

}  // namespace spoolsim::cli

// The table report. Sections, in order: header line; message fates; latency,
// storage and cost; losses by cause; loss rate by recipient device mix;
// paired differences. docs/reading-reports.md explains each one.
#include "cli/report_table.hpp"
#include "cli/terminal_text.hpp"
#include "cli/report_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spoolsim::cli {
namespace {

using models::StrategySummary;

// Display width of UTF-8 text (code points; labels are not East Asian wide).
std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0u) != 0x80u) ++w;
  return w;
}

std::string pad(const std::string& s, std::size_t width, bool left) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return left ? s + fill : fill + s;
}

std::string replications_text(std::size_t n) { return fmt::format("{} replication{}", n, n == 1 ? "" : "s"); }

// A rate lies in [0, 1]; the t-interval around a mean need not (few
// replications), so the table clips it there. JSON keeps the raw interval.
// One replication has no interval: "n/a".
std::string ci_percent(const sim::ConfidenceInterval& ci, int decimals, std::size_t replications) {
  if (replications < 2) return fmt::format("{} [n/a]", percent(ci.mean, decimals));
  return fmt::format("{} [{}, {}]", percent(ci.mean, decimals), percent(std::clamp(ci.low, 0.0, 1.0), decimals),
                     percent(std::clamp(ci.high, 0.0, 1.0), decimals));
}

std::string latency(double seconds, std::uint64_t delivered) {
  return delivered == 0 ? "-" : human_duration(seconds);
}

// What each strategy's server did (issue 12 item 8), one fingerprint each.
std::string server_fingerprints(const models::RunResult& res) {
  std::string line = "server fingerprints:";
  for (std::size_t i = 0; i < res.strategies.size(); ++i)
    line += fmt::format("{} {} {}", i ? "," : "", models::to_string(res.strategies[i]),
                        hex64(models::strategy_fingerprint(res, i)));
  return line + '\n';
}

std::string header_line(const Report& r) {
  const models::RunResult& res = *r.result;
  return fmt::format(
      "spoolsim {}: scenario \"{}\" ({}, sha256 {}), {} users, {} devices, {} days, {}, "
      "seed {}, wall {}, fingerprint {}\n",
      r.info.version, printable(r.info.scenario), printable(r.info.scenario_source), r.info.scenario_sha256.substr(0, 16),
      group_thousands(res.users), group_thousands(res.devices), fmt::format("{:g}", r.info.days),
      replications_text(r.info.replications), r.info.seed, human_duration(res.wall_seconds),
      hex64(models::run_fingerprint(res))) +
         server_fingerprints(res) +
         fmt::format("counted window: {:g} day{} (messages sent from the end of the {:g}-day warm-up to the start of "
                     "the {:g}-day drain); a day and a month (30 days) below are a replication's mean over it\n",
                     counted_days(r.info), counted_days(r.info) == 1.0 ? "" : "s", r.info.warmup_days,
                     r.info.drain_days);
}

// What the release named by the server preset does, and what would fix it.
std::string headline_lines(const Report& r) {
  return "Headline: " + printable(run_headline(r).at("text").get<std::string>()) + "\n";
}

std::string fates_table(const Report& r) {
  const std::size_t reps = r.result->replications.size();
  std::vector<double> rates, per_day_values, per_month_values;
  for (std::size_t i = 0; i < r.summary.strategies.size(); ++i) {
    const StrategySummary& s = r.summary.strategies[i];
    rates.push_back(s.loss_rate.mean);
    if (reps >= 2) rates.insert(rates.end(), {s.loss_rate.low, s.loss_rate.high});
    const StrategyUnits u = strategy_units(r, i);
    per_day_values.push_back(u.lost_per_day);
    per_month_values.push_back(u.lost_per_1000_users_per_month);
  }
  const int d = percent_decimals(rates);
  const int dd = report::amount_decimals(per_day_values);
  const int dm = report::amount_decimals(per_month_values);
  TextTable t({"strategy", "sent", "delivered", "bounced", "lost", "loss rate [95% CI]", "lost/day",
               "lost/1k users/month", "pending", "duplicates"});
  bool marked = false;
  for (std::size_t i = 0; i < r.summary.strategies.size(); ++i) {
    const StrategySummary& s = r.summary.strategies[i];
    const models::OutcomeCounts& c = s.totals;
    const bool release = r.info.release_strategy == s.strategy;
    const StrategyUnits u = strategy_units(r, i);
    marked = marked || release;
    t.add_row({std::string(models::to_string(s.strategy)) + (release ? " *" : ""), group_thousands(c.sent), group_thousands(c.delivered),
               group_thousands(c.bounced), group_thousands(c.lost), ci_percent(s.loss_rate, d, reps),
               report::amount(u.lost_per_day, dd), report::amount(u.lost_per_1000_users_per_month, dm),
               group_thousands(c.pending), group_thousands(c.duplicates)});
  }
  std::string note;
  if (marked)
    note = r.info.server_preset.empty() ? std::string("* what the scenario's server runs\n")
                                        : fmt::format("* what the server preset {} runs\n", r.info.server_preset);
  if (reps < 2) note += "n/a: one replication gives no interval (run more with --replications)\n";
  return fmt::format(
      "Message fates (counted messages summed over {}; loss rate: mean over replications, 95% CI; "
      "lost/day and lost/1k users/month: a replication's mean)\n{}{}",
      replications_text(reps), t.render(), note);
}

std::string storage_table(const Report& r) {
  const std::string currency = currency_label(r.info.currency);
  std::vector<double> costs;
  for (const StrategySummary& s : r.summary.strategies) costs.push_back(s.cost_per_month_per_1000_users);
  const int cd = std::max(2, report::amount_decimals(costs));
  TextTable t({"strategy", "latency p50", "p95", "p99", "spool peak rows", "spool peak size", "spool rows/user",
               "archive peak rows", "archive peak size", fmt::format("cost/month/1k users ({})", currency)});
  for (const StrategySummary& s : r.summary.strategies) {
    const std::uint64_t delivered = s.totals.delivered;
    t.add_row({models::to_string(s.strategy), latency(s.latency_p50_s, delivered),
               latency(s.latency_p95_s, delivered), latency(s.latency_p99_s, delivered),
               group_thousands(s.spool.peak_rows), report::decimal_bytes(s.spool.peak_bytes),
               fmt::format("{:.2f}", s.mean_spool_rows_per_user), group_thousands(s.archive.peak_rows),
               report::decimal_bytes(s.archive.peak_bytes), report::amount(s.cost_per_month_per_1000_users, cd)});
  }
  return fmt::format(
      "Latency, storage and cost (latency: send to first reception; peaks: max over replications, size in "
      "bytes (kB = 1000 B); rows/user: time-average; cost: mean, scenario prices in {})\n{}",
      currency, t.render());
}

std::string causes_table(const Report& r) {
  std::vector<std::string> header{"lost by cause"};
  for (const StrategySummary& s : r.summary.strategies) header.emplace_back(models::to_string(s.strategy));
  TextTable t(header);
  for (int c = 0; c < models::kLossCauseCount; ++c) {
    std::vector<std::string> row{models::to_string(static_cast<models::LossCause>(c))};
    for (const StrategySummary& s : r.summary.strategies)
      row.push_back(group_thousands(s.totals.lost_by_cause[static_cast<std::size_t>(c)]));
    t.add_row(std::move(row));
  }
  std::vector<std::string> total{"total"};
  for (const StrategySummary& s : r.summary.strategies) total.push_back(group_thousands(s.totals.lost));
  t.add_row(std::move(total));
  return fmt::format("Losses by cause (messages, summed over replications)\n{}", t.render());
}

// Mixes by decreasing traffic; beyond kMaxMixes they fold into "(other)".
std::string mix_table(const Report& r) {
  constexpr std::size_t kMaxMixes = 12;
  const auto& strategies = r.summary.strategies;
  std::vector<std::string> labels;
  for (const StrategySummary& s : strategies)
    for (const models::GroupOutcome& g : s.by_recipient_mix)
      if (std::find(labels.begin(), labels.end(), g.label) == labels.end()) labels.push_back(g.label);
  if (labels.empty()) return {};
  auto counts = [&](std::size_t strategy, const std::string& label) {
    for (const models::GroupOutcome& g : strategies[strategy].by_recipient_mix)
      if (g.label == label) return g.counts;
    return models::OutcomeCounts{};
  };
  // Sent does not depend on the strategy (R1.3): sort by the first one's.
  std::stable_sort(labels.begin(), labels.end(), [&](const std::string& a, const std::string& b) {
    return counts(0, a).sent > counts(0, b).sent;
  });
  struct Row {
    std::string label;
    std::vector<std::uint64_t> sent, lost;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i == kMaxMixes) rows.push_back(Row{"(other)", std::vector<std::uint64_t>(strategies.size()),
                                           std::vector<std::uint64_t>(strategies.size())});
    if (i < kMaxMixes) rows.push_back(Row{labels[i], std::vector<std::uint64_t>(strategies.size()),
                                          std::vector<std::uint64_t>(strategies.size())});
    Row& row = rows.back();
    for (std::size_t s = 0; s < strategies.size(); ++s) {
      const models::OutcomeCounts c = counts(s, labels[i]);
      row.sent[s] += c.sent;
      row.lost[s] += c.lost;
    }
  }
  auto rate = [](std::uint64_t lost, std::uint64_t sent) {
    return sent ? static_cast<double>(lost) / static_cast<double>(sent) : 0.0;
  };
  std::vector<double> rates;
  for (const Row& row : rows)
    for (std::size_t s = 0; s < strategies.size(); ++s) rates.push_back(rate(row.lost[s], row.sent[s]));
  const int d = percent_decimals(rates);
  std::vector<std::string> header{"recipient devices", "sent"};
  for (const StrategySummary& s : strategies) header.emplace_back(models::to_string(s.strategy));
  TextTable t(header);
  for (const Row& row : rows) {
    std::vector<std::string> cells{printable(row.label), group_thousands(row.sent[0])};
    for (std::size_t s = 0; s < strategies.size(); ++s) cells.push_back(percent(rate(row.lost[s], row.sent[s]), d));
    t.add_row(std::move(cells));
  }
  return fmt::format("Loss rate by recipient device mix (lost / sent, pooled over replications)\n{}", t.render());
}

std::string paired_table(const Report& r) {
  if (r.summary.paired.empty()) return {};
  std::vector<double> values;
  for (const models::PairedDifference& p : r.summary.paired)
    values.insert(values.end(), {p.loss_rate_diff.mean, p.loss_rate_diff.low, p.loss_rate_diff.high});
  const int d = percent_decimals(values);
  const bool interval = r.result->replications.size() >= 2;
  TextTable t({"difference", "loss rate (pp)", "95% CI (pp)", "verdict"});
  for (const models::PairedDifference& p : r.summary.paired) {
    const sim::ConfidenceInterval& ci = p.loss_rate_diff;
    if (!interval) {
      t.add_row({fmt::format("{} - {}", models::to_string(p.a), models::to_string(p.b)),
                 percentage_points(ci.mean, d), "n/a", "n/a (1 replication)"});
      continue;
    }
    const char* verdict = ci.low > 0    ? "more loss"
                          : ci.high < 0 ? "less loss"
                          : ci.low == 0 && ci.high == 0 ? "same in every replication"
                                                         : "no clear difference";
    t.add_row({fmt::format("{} - {}", models::to_string(p.a), models::to_string(p.b)), percentage_points(ci.mean, d),
               fmt::format("[{}, {}]", percentage_points(ci.low, d), percentage_points(ci.high, d)), verdict});
  }
  return fmt::format(
      "Paired differences in loss rate against {} (same users and messages; pp = percentage points)\n{}",
      models::to_string(r.summary.paired.front().b), t.render());
}

}  // namespace

std::string TextTable::render() const {
  std::vector<std::size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], display_width(cells[i]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < width.size(); ++i) {
      if (i > 0) out += "  ";
      const std::string cell = i < cells.size() ? cells[i] : std::string();
      out += pad(cell, width[i], i == 0);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + '\n';
  };
  std::string out = line(header_);
  for (const auto& row : rows_) out += line(row);
  return out;
}

// One line per assumption; `*` marks a default or preset not stated for this server.
std::string assumptions_lines(const Report& r) {
  if (r.info.assumptions.empty()) return "";
  std::string out = "Assumptions (* = a default or preset, not stated for this server; see `spoolsim explain`):\n";
  for (const scenarios::Assumption& a : r.info.assumptions) {
    out += fmt::format("  {} {}: {} [{}]\n", a.check ? "*" : " ", a.topic, a.value, a.origin);
  }
  return out;
}

std::string format_table(const Report& report) {
  std::string out = header_line(report) + headline_lines(report);
  for (const std::string& section : {fates_table(report), storage_table(report), causes_table(report),
                                     mix_table(report), paired_table(report), assumptions_lines(report)}) {
    if (section.empty()) continue;
    out += '\n';
    out += section;
  }
  return out;
}

}  // namespace spoolsim::cli

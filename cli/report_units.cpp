#include "cli/report_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "report/human_format.hpp"

namespace spoolsim::cli {
namespace {

using nlohmann::ordered_json;

// A removal of at least half of the release's loss counts as "most of it".
constexpr double kMostOfIt = 0.5;

std::string amount_text(double x) { return report::amount(x, report::amount_decimals({x})); }

std::string replications_text(std::uint32_t n) { return fmt::format("{} replication{}", n, n == 1 ? "" : "s"); }

// What a candidate changes against the baseline row: each swept value that
// differs, and its strategy when it is not what its point's server runs (a
// point whose preset differs brings that release's strategy with it).
std::vector<std::string> changes_from(const HeadlineRow& base, const HeadlineRow& row) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < row.values.size() && k < base.values.size(); ++k) {
    if (row.values[k].second == base.values[k].second) continue;
    // compare's one axis: the side, named by its preset or file.
    out.push_back(row.values[k].first == "side" ? "side B (" + row.values[k].second + ")"
                                                : row.values[k].first + "=" + row.values[k].second);
  }
  if (row.strategy != row.point_release.value_or(base.strategy)) out.push_back("strategy " + row.strategy);
  return out;
}

}  // namespace

double per_day(double summed, std::uint32_t replications, double counted_days) {
  return replications > 0 && counted_days > 0 ? summed / replications / counted_days : 0.0;
}

double per_1000_users_per_month(double per_day_value, std::uint64_t users) {
  return users > 0 ? per_day_value * kDaysPerMonth * 1000.0 / static_cast<double>(users) : 0.0;
}

std::string currency_label(const std::string& currency) { return currency.empty() ? "price units" : currency; }

ordered_json headline_json(const HeadlineInput& in) {
  ordered_json h{
      {"text", ""},
      {"release", in.server_preset.empty() ? ordered_json(nullptr) : ordered_json(in.server_preset)},
      {"strategy", in.release_strategy ? ordered_json(*in.release_strategy) : ordered_json(nullptr)},
      {"users", in.users},
      {"counted_days", in.counted_days},
      {"replications", in.replications},
      {"lost_per_day", nullptr},
      {"lost_per_1000_users_per_month", nullptr},
      {"loss_rate", nullptr},
      {"main_cause", nullptr},
      {"main_cause_share", nullptr},
      {"fix", nullptr},
      {"currency", in.currency},
  };
  const std::string window = fmt::format("mean of {} over the {:g}-day counted window",
                                         replications_text(in.replications), in.counted_days);
  if (!in.release_strategy) {
    h["text"] = "The scenario names no server release (server.preset), so there is no headline; the tables "
                "compare the strategies.";
    return h;
  }
  const std::string who = (in.server_preset.empty() ? std::string("The scenario's server") : in.server_preset) +
                          " (" + *in.release_strategy + ")";
  const HeadlineRow* base = nullptr;
  for (std::size_t i = 0; i < in.baseline_rows && i < in.rows.size(); ++i)
    if (in.rows[i].strategy == *in.release_strategy) base = &in.rows[i];
  if (base == nullptr) {
    h["text"] = who + " is not among the compared strategies (strategies), so there is no headline.";
    return h;
  }
  h["lost_per_day"] = base->lost_per_day;
  h["lost_per_1000_users_per_month"] = base->lost_per_1000_users_per_month;
  h["loss_rate"] = base->loss_rate;
  if (base->lost == 0) {
    h["text"] = fmt::format("{} loses no counted message ({}).", who, window);
    return h;
  }
  // The cause with the most losses; the first in cause order on a tie.
  const auto top = std::max_element(base->lost_by_cause.begin(), base->lost_by_cause.end(),
                                    [](const auto& a, const auto& b) { return a.second < b.second; });
  const double share = static_cast<double>(top->second) / static_cast<double>(base->lost);
  h["main_cause"] = top->first;
  h["main_cause_share"] = share;
  std::string text = fmt::format("{} loses {} messages a day, {} per 1,000 users a month ({}), mostly {} ({}).", who,
                                 amount_text(base->lost_per_day), amount_text(base->lost_per_1000_users_per_month),
                                 window, top->first, report::percent(share, 0));

  // The smallest change that removes most of it: fewest changed settings,
  // then the lowest cost, then the lowest loss, then report order.
  const HeadlineRow* best = nullptr;
  std::vector<std::string> best_changes;
  auto key = [](const HeadlineRow& r, const std::vector<std::string>& c) {
    return std::make_tuple(c.size(), r.cost_per_month_per_1000_users, r.lost_per_day);
  };
  for (const HeadlineRow& row : in.rows) {
    if (&row == base) continue;
    const std::vector<std::string> changes = changes_from(*base, row);
    if (changes.empty() || row.lost_per_day > (1.0 - kMostOfIt) * base->lost_per_day) continue;
    if (best == nullptr || key(row, changes) < key(*best, best_changes)) {
      best = &row;
      best_changes = changes;
    }
  }
  const bool swept = !base->values.empty();
  if (best == nullptr) {
    text += fmt::format(" None of the compared strategies{} removes half of it.", swept ? " or swept values" : "");
  } else {
    const double removed = 1.0 - best->lost_per_day / base->lost_per_day;
    ordered_json values = ordered_json::object();
    for (const auto& [path, value] : best->values) values[path] = value;
    h["fix"] = ordered_json{
        {"strategy", best->strategy},
        {"changes", best_changes},
        {"values", values},
        {"lost_per_day", best->lost_per_day},
        {"lost_per_1000_users_per_month", best->lost_per_1000_users_per_month},
        {"removed_share", removed},
        {"cost_per_month_per_1000_users", best->cost_per_month_per_1000_users},
        {"cost_change", best->cost_per_month_per_1000_users - base->cost_per_month_per_1000_users},
    };
    const int cd = std::max(2, report::amount_decimals({base->cost_per_month_per_1000_users,
                                                        best->cost_per_month_per_1000_users}));
    std::string list;
    for (const std::string& c : best_changes) list += (list.empty() ? "" : " and ") + c;
    text += fmt::format(" Smallest change that removes most of it: {} (removes {}, {} a day left; cost {} -> {} {} "
                        "a month per 1,000 users).",
                        list, report::percent(removed, 0), amount_text(best->lost_per_day),
                        report::amount(base->cost_per_month_per_1000_users, cd),
                        report::amount(best->cost_per_month_per_1000_users, cd), in.currency);
  }
  h["text"] = text;
  return h;
}

double counted_days(const RunInfo& info) { return info.days - info.warmup_days - info.drain_days; }

StrategyUnits strategy_units(const Report& r, std::size_t index) {
  const models::StrategySummary& s = r.summary.strategies.at(index);
  const auto reps = static_cast<std::uint32_t>(r.result->replications.size());
  const double counted = counted_days(r.info);
  StrategyUnits u;
  u.sent_per_day = per_day(static_cast<double>(s.totals.sent), reps, counted);
  u.lost_per_day = per_day(static_cast<double>(s.totals.lost), reps, counted);
  u.lost_per_1000_users_per_month = per_1000_users_per_month(u.lost_per_day, r.result->users);
  return u;
}

std::vector<std::pair<std::string, std::string>> set_values(const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& set : sets) {
    const std::size_t eq = set.find('=');
    std::string path = set.substr(0, eq);
    std::string value = eq == std::string::npos ? std::string() : set.substr(eq + 1);
    const auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == path; });
    if (it != out.end()) it->second = std::move(value);
    else out.emplace_back(std::move(path), std::move(value));
  }
  return out;
}

ordered_json run_headline(const Report& r) {
  HeadlineInput in;
  in.server_preset = r.info.server_preset;
  if (r.info.release_strategy) in.release_strategy = models::to_string(*r.info.release_strategy);
  in.users = r.result->users;
  in.counted_days = counted_days(r.info);
  in.replications = static_cast<std::uint32_t>(r.result->replications.size());
  in.currency = currency_label(r.info.currency);
  for (std::size_t i = 0; i < r.summary.strategies.size(); ++i) {
    const models::StrategySummary& s = r.summary.strategies[i];
    const StrategyUnits u = strategy_units(r, i);
    HeadlineRow row;
    row.strategy = models::to_string(s.strategy);
    row.point_release = in.release_strategy;
    row.lost_per_day = u.lost_per_day;
    row.lost_per_1000_users_per_month = u.lost_per_1000_users_per_month;
    row.loss_rate = s.loss_rate.mean;
    row.cost_per_month_per_1000_users = s.cost_per_month_per_1000_users;
    row.lost = s.totals.lost;
    for (int k = 0; k < models::kLossCauseCount; ++k)
      row.lost_by_cause.emplace_back(models::to_string(static_cast<models::LossCause>(k)),
                                     s.totals.lost_by_cause[static_cast<std::size_t>(k)]);
    in.rows.push_back(std::move(row));
  }
  in.baseline_rows = in.rows.size();
  return headline_json(in);
}

}  // namespace spoolsim::cli

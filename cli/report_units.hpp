// Operator units and the headline (issue 17 item 3): what the release named
// by the server preset does, in messages a day and per 1,000 users a month
// over the counted window (R1.5: messages sent in [warmup, horizon - drain)),
// and the smallest change among the compared strategies (and swept values)
// that removes most of its loss. `run`, `sweep` and `compare` build the same
// headline from their rows; docs/reading-reports.md states the rule.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/report.hpp"

namespace spoolsim::cli {

inline constexpr double kDaysPerMonth = 30.0;  // "per month" in every report (R11.2's month)

// Counted messages a day, a replication's mean: `lost_summed` over
// `replications` replications of `counted_days` days each.
double per_day(double summed, std::uint32_t replications, double counted_days);
// Per day -> per 1,000 users per 30-day month.
double per_1000_users_per_month(double per_day, std::uint64_t users);

// "EUR" as given, "price units" when the scenario names none.
std::string currency_label(const std::string& currency);

// One candidate row: a strategy at a point (a run has one point).
struct HeadlineRow {
  std::string strategy;
  std::vector<std::pair<std::string, std::string>> values;  // swept path -> value ({} for a run)
  std::optional<std::string> point_release;  // what this row's point's server runs: no change to keep it
  double lost_per_day = 0.0;
  double lost_per_1000_users_per_month = 0.0;
  double loss_rate = 0.0;
  double cost_per_month_per_1000_users = 0.0;
  std::uint64_t lost = 0;                                          // summed over replications
  std::vector<std::pair<std::string, std::uint64_t>> lost_by_cause;  // summed, in cause order
};

struct HeadlineInput {
  std::string server_preset;                  // "" without one
  std::optional<std::string> release_strategy;  // what the baseline's server runs (R5)
  std::vector<HeadlineRow> rows;              // the baseline point's rows first (a run: all rows)
  std::size_t baseline_rows = 0;              // how many rows belong to the baseline point
  std::uint64_t users = 0;
  double counted_days = 0.0;
  std::uint32_t replications = 0;
  std::string currency;                       // the label (currency_label)
};

// The `headline` object: the numbers and the text (null numbers when there
// is no release to speak of). Documented in docs/report-format.md.
nlohmann::ordered_json headline_json(const HeadlineInput& in);

// ---- A run (`spoolsim run`) ----

// The counted window in days: horizon minus warm-up and drain (R1.5).
double counted_days(const RunInfo& info);

struct StrategyUnits {  // a replication's mean over the counted window
  double sent_per_day = 0.0;
  double lost_per_day = 0.0;
  double lost_per_1000_users_per_month = 0.0;
};
StrategyUnits strategy_units(const Report& report, std::size_t index);

// The overrides as (path, value): for a path given twice the last value, at
// the place of its first mention. "seed=7" gives ("seed", "7").
std::vector<std::pair<std::string, std::string>> set_values(const std::vector<std::string>& sets);

// The run's headline (headline_json over its strategies).
nlohmann::ordered_json run_headline(const Report& report);

}  // namespace spoolsim::cli

// A sweep's or comparison's points: the grid (or zipped lists) of --vary
// values as --set overrides, each point loaded and validated like `run`
// loads a scenario, and the header every result and shard carries.
#include <fmt/format.h>

#include <set>

#include "cli/report.hpp"
#include "cli/sweep.hpp"
#include "sim/time.hpp"

namespace spoolsim::cli {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

Vary parse_vary(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw scenarios::ScenarioError("--vary " + text + ": expected PATH=V1,V2,... (a path as --set takes it)");
  Vary v;
  v.path = text.substr(0, eq);
  v.values = split_commas(text.substr(eq + 1));
  std::set<std::string> seen;
  for (const std::string& value : v.values) {
    if (value.empty()) throw scenarios::ScenarioError("--vary " + text + ": empty value; allowed: V1,V2,... with no empty item");
    if (!seen.insert(value).second)
      throw scenarios::ScenarioError("--vary " + text + ": value " + value + " is listed twice");
  }
  return v;
}

std::vector<PointSpec> expand_points(const std::string& scenario, const std::vector<std::string>& sets,
                                     const std::vector<Vary>& varies, bool zip) {
  if (varies.empty()) throw scenarios::ScenarioError("sweep: nothing to vary; give --vary PATH=V1,V2,...");
  std::set<std::string> paths;
  for (const Vary& v : varies)
    if (!paths.insert(v.path).second) throw scenarios::ScenarioError("--vary " + v.path + ": the path is varied twice");
  std::size_t count = 1;
  if (zip) {
    count = varies.front().values.size();
    for (const Vary& v : varies)
      if (v.values.size() != count)
        throw scenarios::ScenarioError(fmt::format("--zip: --vary {} has {} values, --vary {} has {}; zipped lists "
                                                   "must be as long as each other",
                                                   varies.front().path, count, v.path, v.values.size()));
  } else {
    for (const Vary& v : varies) count *= v.values.size();
  }
  std::vector<PointSpec> points;
  points.reserve(count);
  for (std::size_t p = 0; p < count; ++p) {
    PointSpec point;
    point.scenario = scenario;
    point.sets = sets;
    std::size_t rest = p;
    std::vector<std::size_t> index(varies.size());
    for (std::size_t k = varies.size(); k-- > 0;) {  // the last --vary changes fastest
      index[k] = zip ? p : rest % varies[k].values.size();
      if (!zip) rest /= varies[k].values.size();
    }
    for (std::size_t k = 0; k < varies.size(); ++k) {
      point.values.push_back(varies[k].values[index[k]]);
      point.sets.push_back(varies[k].path + "=" + varies[k].values[index[k]]);
    }
    point.axis_index = index;
    points.push_back(std::move(point));
  }
  return points;
}

void load_points(Plan& plan) {
  plan.loaded.clear();
  for (const PointSpec& p : plan.points) {
    plan.loaded.push_back(p.scenario.empty() ? scenarios::load_default_scenario(p.sets)
                                             : scenarios::load_scenario_file(p.scenario, p.sets));
  }
  const models::Scenario& first = plan.loaded.front().scenario;
  for (std::size_t i = 1; i < plan.loaded.size(); ++i) {
    const models::Scenario& s = plan.loaded[i].scenario;
    const std::string where = fmt::format("{} point {} ({})", plan.kind, i, fmt::join(plan.points[i].values, ", "));
    if (s.seed != first.seed)
      throw scenarios::ScenarioError(where + ": seed " + std::to_string(s.seed) + " differs from the first point's " +
                                     std::to_string(first.seed) + "; points are paired only on the same seed");
    if (s.replications != first.replications)
      throw scenarios::ScenarioError(where + ": replications differ from the first point's");
    if (s.strategies != first.strategies)
      throw scenarios::ScenarioError(where + ": strategies differ from the first point's");
  }
  plan.replications = first.replications;
}

ordered_json Plan::header() const {
  ordered_json points_json = ordered_json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const scenarios::LoadedScenario& l = loaded[i];
    const models::Scenario& s = l.scenario;
    ordered_json values = ordered_json::object();
    for (std::size_t k = 0; k < labels.size(); ++k) values[labels[k]] = points[i].values[k];
    const double counted = sim::to_days(s.horizon - s.warmup - s.drain);
    points_json.push_back(ordered_json{
        {"point", i},
        {"values", values},
        {"axis_index", points[i].axis_index},
        {"scenario", s.name},
        {"scenario_source", l.source},
        {"scenario_sha256", l.sha256},
        {"sets", points[i].sets},
        {"users", s.population.users},
        {"days", sim::to_days(s.horizon)},
        {"warmup_days", sim::to_days(s.warmup)},
        {"drain_days", sim::to_days(s.drain)},
        {"counted_days", counted},
        {"server_preset", s.server.preset},
        {"release_strategy", s.server.bind2_offline_strategy
                                 ? ordered_json(models::to_string(*s.server.bind2_offline_strategy))
                                 : ordered_json(nullptr)},
        {"currency", s.prices.currency},
    });
  }
  ordered_json strategies = ordered_json::array();
  for (models::StrategyKind k : loaded.front().scenario.strategies) strategies.push_back(models::to_string(k));
  RunInfo info;  // for the version fields only
  return ordered_json{
      {"kind", kind},
      {"labels", labels},
      {"zip", zip},
      {"seed", loaded.front().scenario.seed},
      {"replications", replications},
      {"strategies", strategies},
      {"command", command},
      {"version", info.version},
      {"git_revision", info.git_revision},
      {"points", points_json},
  };
}

Shard parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  Shard s;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    s.index = static_cast<std::uint32_t>(std::stoul(text.substr(0, slash), &used));
    if (used != slash) throw std::invalid_argument("index");
    const std::string n = text.substr(slash + 1);
    s.count = static_cast<std::uint32_t>(std::stoul(n, &used));
    if (used != n.size()) throw std::invalid_argument("count");
  } catch (const std::exception&) {
    throw scenarios::ScenarioError("--shard " + text + ": expected I/N with 0 <= I < N, e.g. 0/3");
  }
  if (s.count == 0 || s.index >= s.count)
    throw scenarios::ScenarioError("--shard " + text + ": expected I/N with 0 <= I < N, e.g. 0/3");
  return s;
}

}  // namespace spoolsim::cli

#include "cli/report_occupancy.hpp"

#include <cstddef>
#include <vector>

namespace spoolsim::cli {
namespace {

using nlohmann::ordered_json;

// The element-wise mean of one field of every replication's series (all have
// the same sample times: one scenario, one horizon).
template <class Pick>
ordered_json mean_series(const models::RunResult& res, std::size_t points, Pick pick) {
  std::vector<double> sum(points, 0.0);
  for (const models::ReplicationResult& rep : res.replications) {
    const std::vector<std::uint64_t>& values = pick(rep);
    for (std::size_t k = 0; k < points && k < values.size(); ++k) sum[k] += static_cast<double>(values[k]);
  }
  const double n = res.replications.empty() ? 1.0 : static_cast<double>(res.replications.size());
  ordered_json out = ordered_json::array();
  for (double s : sum) out.push_back(s / n);
  return out;
}

}  // namespace

ordered_json occupancy_json(const Report& r) {
  const models::RunResult& res = *r.result;
  if (res.replications.empty()) return nullptr;
  const models::OccupancySeries& first = res.replications.front().archive_occupancy;
  const std::size_t points = first.times.size();
  ordered_json times = ordered_json::array();
  for (sim::Time t : first.times) times.push_back(sim::to_seconds(t));
  ordered_json strategies = ordered_json::array();
  for (std::size_t i = 0; i < res.strategies.size(); ++i) {
    strategies.push_back(ordered_json{
        {"name", models::to_string(res.strategies[i])},
        {"spool_rows", mean_series(res, points, [i](const models::ReplicationResult& rep) -> const auto& {
           return rep.strategies.at(i).spool_occupancy.rows;
         })},
        {"spool_bytes", mean_series(res, points, [i](const models::ReplicationResult& rep) -> const auto& {
           return rep.strategies.at(i).spool_occupancy.bytes;
         })},
    });
  }
  return ordered_json{
      {"statistic", "mean over replications of the level at each sample time"},
      {"t_s", times},
      {"archive_rows",
       mean_series(res, points, [](const models::ReplicationResult& rep) -> const auto& { return rep.archive_occupancy.rows; })},
      {"archive_bytes",
       mean_series(res, points, [](const models::ReplicationResult& rep) -> const auto& { return rep.archive_occupancy.bytes; })},
      {"strategies", strategies},
  };
}

}  // namespace spoolsim::cli

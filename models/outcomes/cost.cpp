// R11.2: the cost model.
#include <numeric>

#include "models/outcomes/storage.hpp"

namespace spoolsim::models {

double monthly_cost_per_1000_users(const StorageStats& spool, const StorageStats& archive,
                                   const Prices& prices, sim::Duration window,
                                   std::uint32_t users) {
  if (window <= 0 || users == 0) return 0.0;
  const double days = sim::to_days(window);
  // byte_days / days = time-average bytes over the window.
  const double mean_gb = (spool.byte_days + archive.byte_days) / days / 1e9;
  const auto sum_ops = [](const StorageStats& s) {
    return std::accumulate(s.ops.begin(), s.ops.end(), std::uint64_t{0});
  };
  const double ops_per_month =
      static_cast<double>(sum_ops(spool) + sum_ops(archive)) / days * 30.0;
  const double per_month =
      mean_gb * prices.storage_per_gb_month + ops_per_month / 1e6 * prices.per_million_operations;
  return per_month * 1000.0 / static_cast<double>(users);
}

}  // namespace spoolsim::models

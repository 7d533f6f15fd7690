// R10: outcome counters, their merge and the R10.6 identity.
#include <numeric>

#include "models/outcomes/results.hpp"

namespace spoolsim::models {

void OutcomeCounts::add(const OutcomeCounts& o) {
  sent += o.sent;
  delivered += o.delivered;
  delivered_all_devices += o.delivered_all_devices;
  bounced += o.bounced;
  lost += o.lost;
  pending += o.pending;
  duplicates += o.duplicates;
  for (std::size_t i = 0; i < lost_by_cause.size(); ++i) lost_by_cause[i] += o.lost_by_cause[i];
  for (std::size_t i = 0; i < bounced_by_reason.size(); ++i) bounced_by_reason[i] += o.bounced_by_reason[i];
}

bool OutcomeCounts::consistent() const {
  const auto sum = [](const auto& a) { return std::accumulate(a.begin(), a.end(), std::uint64_t{0}); };
  return sent == delivered + bounced + lost + pending && delivered_all_devices <= delivered &&
         lost == sum(lost_by_cause) && bounced == sum(bounced_by_reason);
}

}  // namespace spoolsim::models

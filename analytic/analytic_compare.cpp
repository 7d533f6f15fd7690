// R13: the simulated counterpart of each analytic quantity, measured per
// replication from what the simulator reports (docs/analytic.md, "Pairing").
#include <algorithm>
#include <stdexcept>
#include <string>

#include "analytic/analytic.hpp"

namespace spoolsim::models::analytic {

namespace {

std::size_t index_of(const RunResult& r, StrategyKind k) {
  const auto it = std::find(r.strategies.begin(), r.strategies.end(), k);
  if (it == r.strategies.end()) {
    throw std::invalid_argument(std::string("analytic comparison: the run lacks strategy ") +
                                to_string(k) + " (needs deliver and purge_all)");
  }
  return static_cast<std::size_t>(it - r.strategies.begin());
}

double ratio(double num, double den) { return den > 0.0 ? num / den : 0.0; }

}  // namespace

std::vector<StrategyKind> required_strategies() { return {StrategyKind::Deliver, StrategyKind::PurgeAll}; }

double bonferroni_level(double family_confidence, std::size_t intervals) {
  if (!(family_confidence > 0.0 && family_confidence < 1.0) || intervals == 0)
    throw std::invalid_argument("bonferroni_level: needs a confidence in (0, 1) and at least one interval");
  return 1.0 - (1.0 - family_confidence) / static_cast<double>(intervals);
}

std::vector<Quantity> compare(const Prediction& p, const Scenario& s, const RunResult& result,
                              double family_confidence) {
  if (result.replications.size() < 2) {
    throw std::invalid_argument("analytic comparison: needs at least 2 replications for a confidence interval");
  }
  const auto deliver = index_of(result, StrategyKind::Deliver);
  const auto purge = index_of(result, StrategyKind::PurgeAll);
  const double users = static_cast<double>(result.users);
  const double counted_days = sim::to_days(s.horizon - s.drain - s.warmup);
  if (!(users > 0.0) || !(counted_days > 0.0)) {
    throw std::invalid_argument("analytic comparison: needs users and a counted window (horizon - drain > warmup)");
  }

  std::vector<Quantity> q = {
      {"sends_per_user_per_day", StrategyKind::Deliver, p.sends_per_user_per_day, {}, {}, false},
      {"p_all_offline", StrategyKind::Deliver, p.all_offline, {}, {}, false},
      {"purge_all_loss_rate", StrategyKind::PurgeAll, p.purge_all_loss_rate, {}, {}, false},
      {"spool_rows_per_user", StrategyKind::Deliver, p.spool_rows_per_user, {}, {}, false},
      {"offline_wait_s", StrategyKind::Deliver, p.offline_wait_s, {}, {}, false},
  };
  for (const auto& rep : result.replications) {
    if (rep.strategies.size() != result.strategies.size()) {
      throw std::invalid_argument("analytic comparison: replication " + std::to_string(rep.replication) +
                                  " lacks strategies");
    }
    const auto& d = rep.strategies[deliver];
    const auto& g = rep.strategies[purge];
    const double sent = static_cast<double>(d.outcomes.sent);
    // Inserts happen at send time, so inserts over the counted window are the
    // counted messages that found every device offline (R6.4, R11.1).
    const double spooled = static_cast<double>(d.spool.ops[static_cast<std::size_t>(StoreOp::Insert)]);
    // Latency is 0 for a message received at once and the spool stay for a
    // spooled one (deliver flushes at the first connect, R7.2), so the sum of
    // latencies over spooled messages is the total wait.
    const double latency_sum_s =
        d.latency_us.mean() * static_cast<double>(d.latency_us.count()) / static_cast<double>(sim::kSecond);
    q[0].per_replication.push_back(sent / users / counted_days);
    q[1].per_replication.push_back(ratio(spooled, sent));
    q[2].per_replication.push_back(g.outcomes.loss_rate());
    q[3].per_replication.push_back(d.spool.mean_rows / users);
    q[4].per_replication.push_back(ratio(latency_sum_s, spooled));
  }
  const double level = bonferroni_level(family_confidence, q.size());
  for (auto& x : q) {
    sim::RunningStat stat;
    for (double v : x.per_replication) stat.add(v);
    x.level = level;
    x.simulated = sim::confidence_interval(stat, level);
    x.inside = x.simulated.contains(x.analytic);
  }
  return q;
}

}  // namespace spoolsim::models::analytic

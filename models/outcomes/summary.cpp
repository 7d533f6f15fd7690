// Summaries over replications (R12.1, R12.3). Replications are independent
// samples, so the loss rate's interval is over per-replication rates; counts
// are summed; latency quantiles come from the merged histograms.
#include "models/outcomes/summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>

#include "sim/fingerprint.hpp"

namespace spoolsim::models {
namespace {

// Mean of per-replication storage, except peaks which are the maximum
// (an operator sizes for the worst replication).
class StorageMerge {
 public:
  void add(const StorageStats& s) {
    ++n_;
    peak_rows_ = std::max(peak_rows_, s.peak_rows);
    peak_bytes_ = std::max(peak_bytes_, s.peak_bytes);
    mean_rows_ += s.mean_rows;
    byte_days_ += s.byte_days;
    rows_written_ += static_cast<double>(s.rows_written);
    rows_deleted_ += static_cast<double>(s.rows_deleted);
    for (int k = 0; k < kStoreOpCount; ++k) ops_[static_cast<std::size_t>(k)] += static_cast<double>(s.ops[static_cast<std::size_t>(k)]);
  }
  StorageStats result() const {
    StorageStats out;
    if (n_ == 0) return out;
    const double n = static_cast<double>(n_);
    out.peak_rows = peak_rows_;
    out.peak_bytes = peak_bytes_;
    out.mean_rows = mean_rows_ / n;
    out.byte_days = byte_days_ / n;
    out.rows_written = rounded(rows_written_ / n);
    out.rows_deleted = rounded(rows_deleted_ / n);
    for (std::size_t k = 0; k < ops_.size(); ++k) out.ops[k] = rounded(ops_[k] / n);
    return out;
  }

 private:
  static std::uint64_t rounded(double x) { return static_cast<std::uint64_t>(std::llround(x)); }
  std::uint64_t n_ = 0;
  std::uint64_t peak_rows_ = 0, peak_bytes_ = 0;
  double mean_rows_ = 0, byte_days_ = 0, rows_written_ = 0, rows_deleted_ = 0;
  std::array<double, kStoreOpCount> ops_{};
};

std::vector<GroupOutcome> merge_groups(const std::map<std::string, OutcomeCounts>& groups) {
  std::vector<GroupOutcome> out;
  out.reserve(groups.size());
  for (const auto& [label, counts] : groups) out.push_back(GroupOutcome{label, counts});
  return out;  // std::map iterates in label order
}

const StrategyResult& strategy_at(const RunResult& result, const ReplicationResult& rep, std::size_t index) {
  if (index >= rep.strategies.size() || rep.strategies[index].strategy != result.strategies[index]) {
    throw std::logic_error("internal error: replication " + std::to_string(rep.replication) +
                           " does not hold strategy " + to_string(result.strategies[index]) +
                           " at position " + std::to_string(index));
  }
  return rep.strategies[index];
}

// R12.3: deliver is the reference (the behaviour before Bind2), else the first.
std::size_t baseline_index(const RunResult& result) {
  for (std::size_t i = 0; i < result.strategies.size(); ++i)
    if (result.strategies[i] == StrategyKind::Deliver) return i;
  return 0;
}

StrategySummary summarize_strategy(const RunResult& result, std::size_t index) {
  StrategySummary s;
  s.strategy = result.strategies[index];
  sim::RunningStat loss;
  sim::LatencyHistogram latency;
  StorageMerge spool, archive;
  double spool_rows_per_user = 0.0, cost = 0.0;
  std::map<std::string, OutcomeCounts> by_mix, by_profile;
  for (const ReplicationResult& rep : result.replications) {
    const StrategyResult& r = strategy_at(result, rep, index);
    s.totals.add(r.outcomes);
    loss.add(r.outcomes.loss_rate());
    latency.merge(r.latency_us);
    spool.add(r.spool);
    archive.add(r.archive);
    if (result.users > 0) spool_rows_per_user += r.spool.mean_rows / static_cast<double>(result.users);
    cost += r.cost_per_month_per_1000_users;
    for (const GroupOutcome& g : r.by_recipient_mix) by_mix[g.label].add(g.counts);
    for (const GroupOutcome& g : r.by_profile) by_profile[g.label].add(g.counts);
  }
  s.loss_rate = sim::confidence_interval(loss, 0.95);
  constexpr double kUsPerSecond = 1e6;
  s.latency_p50_s = static_cast<double>(latency.quantile(0.50)) / kUsPerSecond;
  s.latency_p95_s = static_cast<double>(latency.quantile(0.95)) / kUsPerSecond;
  s.latency_p99_s = static_cast<double>(latency.quantile(0.99)) / kUsPerSecond;
  s.spool = spool.result();
  s.archive = archive.result();
  const std::size_t n = result.replications.size();
  if (n > 0) {
    s.mean_spool_rows_per_user = spool_rows_per_user / static_cast<double>(n);
    s.cost_per_month_per_1000_users = cost / static_cast<double>(n);
  }
  s.by_recipient_mix = merge_groups(by_mix);
  s.by_profile = merge_groups(by_profile);
  return s;
}

}  // namespace

std::vector<double> loss_rates(const RunResult& result, std::size_t index) {
  std::vector<double> rates;
  rates.reserve(result.replications.size());
  for (const ReplicationResult& rep : result.replications)
    rates.push_back(strategy_at(result, rep, index).outcomes.loss_rate());
  return rates;
}

RunSummary summarize(const RunResult& result) {
  RunSummary out;
  out.strategies.reserve(result.strategies.size());
  for (std::size_t i = 0; i < result.strategies.size(); ++i)
    out.strategies.push_back(summarize_strategy(result, i));
  if (result.strategies.size() >= 2) {
    const std::size_t base = baseline_index(result);
    const std::vector<double> base_rates = loss_rates(result, base);
    for (std::size_t i = 0; i < result.strategies.size(); ++i) {
      if (i == base) continue;
      PairedDifference d;
      d.a = result.strategies[i];
      d.b = result.strategies[base];
      d.loss_rate_diff = sim::paired_difference(loss_rates(result, i), base_rates, 0.95);
      out.paired.push_back(d);
    }
  }
  return out;
}

std::uint64_t run_fingerprint(const RunResult& result) {
  sim::Fingerprint fp;
  for (const ReplicationResult& rep : result.replications)
    fp.fold(static_cast<sim::Time>(rep.replication), 0, rep.fingerprint);
  return fp.value();
}

std::uint64_t strategy_fingerprint(const RunResult& result, std::size_t index) {
  sim::Fingerprint fp;
  for (const ReplicationResult& rep : result.replications)
    fp.fold(static_cast<sim::Time>(rep.replication), 1, rep.strategies.at(index).fingerprint);
  return fp.value();
}

std::uint64_t total_events(const RunResult& result) {
  std::uint64_t events = 0;
  for (const ReplicationResult& rep : result.replications) events += rep.world_events + rep.replica_events;
  return events;
}

}  // namespace spoolsim::models

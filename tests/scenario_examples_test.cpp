// Examples are tests (as SimGrid's .tesh files are): every library scenario's
// header comment says what it shows in a "# Shows:" sentence, and here a
// small version of it (fewer users and replications, the file's own seed)
// must show exactly that. Bounds on rates are checked against the run's
// confidence interval over replications, so a claim holds with confidence,
// not by luck of one replication.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "models/outcomes/summary.hpp"
#include "models/simulation.hpp"
#include "scenarios/loader.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::scenarios {
namespace {

namespace fs = std::filesystem;
using models::BounceReason;
using models::LossCause;
using models::OutcomeCounts;
using models::StrategyKind;

std::string library_path(const std::string& name) {
  return std::string(SPOOLSIM_SOURCE_DIR) + "/scenarios/" + name + ".textproto";
}

// The scenarios this file has an example for; a new library scenario must be
// added here (EveryLibraryScenarioHasAnExample).
const std::vector<std::string>& examples() {
  static const std::vector<std::string> names = {
      "archive-lag-retention", "default",        "fix-24.12-roster-strangers", "mobile-no-sm",
      "mobile-with-sm",        "r13-mixed-devices", "r13-one-device",          "spool-limit"};
  return names;
}

// One small run of a library scenario: the file with `sets` applied.
struct Example {
  models::Scenario scenario;
  models::RunResult result;

  std::size_t index(StrategyKind k) const {
    const auto it = std::find(result.strategies.begin(), result.strategies.end(), k);
    EXPECT_NE(it, result.strategies.end()) << models::to_string(k) << " is not in the run";
    return static_cast<std::size_t>(it - result.strategies.begin());
  }
  // Counts summed over replications.
  OutcomeCounts totals(StrategyKind k) const {
    OutcomeCounts sum;
    const std::size_t i = index(k);
    for (const auto& rep : result.replications) sum.add(rep.strategies[i].outcomes);
    return sum;
  }
  // Confidence interval over replications of a per-replication share.
  template <class Share>
  sim::ConfidenceInterval interval(StrategyKind k, double confidence, Share share) const {
    sim::RunningStat stat;
    const std::size_t i = index(k);
    for (const auto& rep : result.replications) stat.add(share(rep.strategies[i].outcomes));
    return sim::confidence_interval(stat, confidence);
  }
  sim::ConfidenceInterval loss_rate(StrategyKind k, double confidence = 0.95) const {
    return interval(k, confidence, [](const OutcomeCounts& o) { return o.loss_rate(); });
  }
};

Example run_example(const std::string& name, const std::vector<std::string>& sets) {
  Example e;
  e.scenario = load_scenario_file(library_path(name), sets).scenario;
  models::RunOptions options;
  options.threads = 1;
  e.result = models::run(e.scenario, options);
  EXPECT_GE(e.result.replications.size(), 2U) << "a confidence interval needs two replications";
  return e;
}

std::uint64_t lost_to(const OutcomeCounts& o, LossCause c) { return o.lost_by_cause[static_cast<std::size_t>(c)]; }
std::uint64_t bounced_for(const OutcomeCounts& o, BounceReason r) {
  return o.bounced_by_reason[static_cast<std::size_t>(r)];
}

const std::vector<StrategyKind> kAllFive = {StrategyKind::Deliver, StrategyKind::PurgeAll,
                                            StrategyKind::PurgeIfArchiving, StrategyKind::PurgeArchived,
                                            StrategyKind::Deferred};

TEST(ScenarioExamples, EveryLibraryScenarioStatesWhatItShowsAndHasAnExample) {
  std::set<std::string> files;
  for (const auto& entry : fs::directory_iterator(std::string(SPOOLSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".textproto") continue;
    files.insert(entry.path().stem().string());
    std::ifstream in(entry.path());
    std::string line;
    bool shows = false;
    while (std::getline(in, line) && !line.empty() && line.front() == '#') shows |= line.rfind("# Shows: ", 0) == 0;
    EXPECT_TRUE(shows) << entry.path() << ": its opening comment needs a \"# Shows: ...\" sentence";
  }
  EXPECT_EQ(files, std::set<std::string>(examples().begin(), examples().end()))
      << "each library scenario needs an example test here, and each example a scenario";
}

// default: purge_all loses more than 20%, all to purged_on_bind2; the others none.
TEST(ScenarioExamples, DefaultPurgeAllLosesAFifthTheOthersNothing) {
  const Example e = run_example("default", {"population.users=400", "replications=3"});
  EXPECT_GT(e.loss_rate(StrategyKind::PurgeAll).low, 0.20);
  const OutcomeCounts purge = e.totals(StrategyKind::PurgeAll);
  EXPECT_EQ(purge.lost, lost_to(purge, LossCause::PurgedOnBind2));
  for (StrategyKind k : {StrategyKind::Deliver, StrategyKind::PurgeIfArchiving, StrategyKind::PurgeArchived,
                         StrategyKind::Deferred}) {
    EXPECT_EQ(e.totals(k).lost, 0U) << models::to_string(k);
  }
}

// fix-24.12-roster-strangers: the 24.12 fix still purges what roster mode does
// not archive (strangers' messages); without strangers it purges nothing lost.
TEST(ScenarioExamples, Fix2412StillLosesStrangersMessages) {
  const std::vector<std::string> small = {"population.users=300", "replications=3"};
  const Example e = run_example("fix-24.12-roster-strangers", small);
  EXPECT_GT(e.interval(StrategyKind::PurgeIfArchiving, 0.95,
                       [](const OutcomeCounts& o) {
                         return static_cast<double>(lost_to(o, LossCause::PurgedOnBind2)) /
                                static_cast<double>(o.sent);
                       })
                .low,
            0.02);
  for (StrategyKind k : {StrategyKind::PurgeArchived, StrategyKind::Deferred}) {
    EXPECT_EQ(lost_to(e.totals(k), LossCause::PurgedOnBind2), 0U) << models::to_string(k);
  }
  std::vector<std::string> no_strangers = small;
  no_strangers.push_back("traffic.stranger_share=0");
  const Example without = run_example("fix-24.12-roster-strangers", no_strangers);
  EXPECT_EQ(lost_to(without.totals(StrategyKind::PurgeIfArchiving), LossCause::PurgedOnBind2), 0U);
}

// mobile-no-sm: zombie sessions without stream management lose messages.
TEST(ScenarioExamples, MobileWithoutStreamManagementLosesToZombies) {
  const Example e = run_example("mobile-no-sm", {"population.users=300", "replications=3"});
  EXPECT_GT(e.loss_rate(StrategyKind::Deliver).low, 0.03);
  const OutcomeCounts deliver = e.totals(StrategyKind::Deliver);
  EXPECT_EQ(deliver.lost, lost_to(deliver, LossCause::ZombieNoSm));
  for (StrategyKind k : kAllFive) {
    EXPECT_GE(lost_to(e.totals(k), LossCause::ZombieNoSm), lost_to(deliver, LossCause::ZombieNoSm))
        << models::to_string(k);
  }
}

// mobile-with-sm: the same users with stream management lose nothing to zombies.
TEST(ScenarioExamples, MobileWithStreamManagementLosesNothingToZombies) {
  const Example e = run_example("mobile-with-sm", {"population.users=300", "replications=3"});
  for (StrategyKind k : kAllFive) {
    EXPECT_EQ(lost_to(e.totals(k), LossCause::ZombieNoSm), 0U) << models::to_string(k);
  }
  EXPECT_EQ(e.totals(StrategyKind::Deliver).lost, 0U);
  EXPECT_GT(e.totals(StrategyKind::Deliver).sent, 10000U) << "the run must carry traffic to show anything";
}

// archive-lag-retention: the lag makes catch-up gaps, the retention expires
// what purge_all deleted from the spool; the careful strategies lose little.
TEST(ScenarioExamples, ArchiveLagMakesGapsRetentionExpiresPurgedMessages) {
  const Example e = run_example("archive-lag-retention", {"population.users=300", "replications=3"});
  EXPECT_GT(lost_to(e.totals(StrategyKind::Deliver), LossCause::CatchupGap), 0U);
  const OutcomeCounts purge = e.totals(StrategyKind::PurgeAll);
  EXPECT_GT(purge.loss_rate(), 0.003);
  EXPECT_GT(2 * lost_to(purge, LossCause::ExpiredArchive), purge.lost) << "most of purge_all's loss";
  for (StrategyKind k : {StrategyKind::PurgeArchived, StrategyKind::Deferred}) {
    EXPECT_LT(5 * e.totals(k).lost, purge.lost) << models::to_string(k);
  }
}

// The long-run share of time a profile's device is offline.
double offline_share(const models::ClientProfile& c) {
  return c.offline_duration.mean() / (c.online_duration.mean() + c.offline_duration.mean());
}

void expect_r13_claim(const Example& e, double all_offline) {
  for (StrategyKind k : {StrategyKind::Deliver, StrategyKind::PurgeAll}) {
    EXPECT_EQ(e.totals(k).pending, 0U) << models::to_string(k);
  }
  EXPECT_EQ(e.totals(StrategyKind::Deliver).lost, 0U);
  const sim::ConfidenceInterval loss = e.loss_rate(StrategyKind::PurgeAll, 0.999);
  EXPECT_TRUE(loss.contains(all_offline)) << "P(all offline) " << all_offline << " outside [" << loss.low << ", "
                                          << loss.high << "]";
  EXPECT_LT(loss.half_width(), 0.05) << "the interval must be narrow enough to reject a wrong value";
}

// r13-one-device: purge_all loses exactly the messages that find the device
// offline (PASTA).
TEST(ScenarioExamples, R13OneDevicePurgeAllLosesTheOfflineShare) {
  const Example e = run_example("r13-one-device", {"population.users=100", "replications=8"});
  ASSERT_EQ(e.scenario.clients.size(), 1U);
  const double p = offline_share(e.scenario.clients[0]);
  EXPECT_NEAR(p, 0.75, 1e-12) << "the header's 3h / (1h + 3h)";
  expect_r13_claim(e, p);
}

// r13-mixed-devices: devices are independent, so P(all k offline) = q^k with q
// the mix-weighted offline share.
TEST(ScenarioExamples, R13MixedDevicesPurgeAllLosesTheAllOfflineShare) {
  const Example e = run_example("r13-mixed-devices", {"population.users=100", "replications=8"});
  const auto& pop = e.scenario.population;
  double weight_sum = 0.0;
  double q = 0.0;
  for (const auto& w : pop.client_mix) {
    weight_sum += w.weight;
    q += w.weight * offline_share(e.scenario.clients.at(w.profile));
  }
  q /= weight_sum;
  const auto& devices = pop.devices_per_user;  // cumulative weights, ending at 1
  ASSERT_EQ(devices.kind, sim::Distribution::Kind::Empirical);
  double all_offline = 0.0;
  double below = 0.0;
  for (std::size_t i = 0; i < devices.values.size(); ++i) {
    all_offline += (devices.cumulative.at(i) - below) * std::pow(q, devices.values[i]);
    below = devices.cumulative[i];
  }
  EXPECT_NEAR(all_offline, 0.647, 0.0005) << "the header's 64.7%";
  expect_r13_claim(e, all_offline);
}

// spool-limit: users away for days overflow the 100-message spool.
TEST(ScenarioExamples, SpoolLimitBouncesUnderEveryStrategyNothingPending) {
  const Example e = run_example("spool-limit", {"population.users=300", "replications=2"});
  for (StrategyKind k : kAllFive) {
    SCOPED_TRACE(models::to_string(k));
    const OutcomeCounts o = e.totals(k);
    EXPECT_GT(e.interval(k, 0.95,
                         [](const OutcomeCounts& r) {
                           return static_cast<double>(bounced_for(r, BounceReason::SpoolFull)) /
                                  static_cast<double>(r.sent);
                         })
                  .low,
              0.02);
    EXPECT_EQ(o.bounced, bounced_for(o, BounceReason::SpoolFull)) << "no other bounce reason";
    EXPECT_EQ(o.pending, 0U);
  }
}

}  // namespace
}  // namespace spoolsim::scenarios

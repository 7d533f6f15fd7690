// R13: the analytic cross-check. Under exponential on/off devices, Poisson
// traffic and no zombies, one user's presence is a continuous-time Markov
// chain over its devices' on/off states. Its stationary distribution
// (analytic/presence_chain.hpp, Eigen, private to this library)
// predicts what the simulator must measure; docs/analytic.md derives every
// formula and pairs it with the simulated quantity it is compared with.
#pragma once
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"
#include "sim/statistics.hpp"

namespace spoolsim::models::analytic {

// ---- The chain's inputs (analytic_ctmc.cpp solves it) ----------------------

// One device of the chain: exponential rates, per second.
struct ChainDevice {
  double offline_rate = 0.0;  // 1 / mean online duration: online -> offline
  double online_rate = 0.0;   // 1 / mean offline duration: offline -> online
};

// Dense LU for small chains, SparseLU for large ones; Automatic picks by size.
enum class Solver : std::uint8_t { Automatic, Dense, Sparse };
inline constexpr std::size_t kDenseStateLimit = 128;  // Automatic: dense up to this many states
inline constexpr std::size_t kMaxChainDevices = 16;   // 65,536 states
// The chain's size is its own limit (2^k states), but every device count a
// scenario may have (R2.1) must fit, or a valid scenario could not be checked.
static_assert(kMaxChainDevices >= std::size_t{models::kMaxDevicesPerUser});

// ---- Assumptions (analytic.cpp) -------------------------------------------

// One broken assumption: `field` names the scenario field ("traffic.diurnal",
// "clients[gajim].online_duration"), `problem` says what is wrong and what the
// analytic model needs.
struct Violation {
  std::string field;
  std::string problem;
  std::string to_string() const { return field + ": " + problem; }
};

// Every R13 assumption the scenario breaks, in a fixed order; empty = analysable.
std::vector<Violation> check_assumptions(const Scenario& scenario);

struct AssumptionError : std::runtime_error {
  explicit AssumptionError(std::vector<Violation> v);
  std::vector<Violation> violations;
};

// ---- Predictions (analytic.cpp) -------------------------------------------

// A class of users with the same device set (profiles by slot).
struct UserType {
  std::vector<ProfileIndex> profiles;
  double share = 0.0;          // device-count probability x product of slot mix weights
  double all_offline = 0.0;    // stationary P(all devices offline)
  double wake_rate = 0.0;      // nu: rate at which the first offline device comes online, per s
  double bind2_wake_share = 0.0;  // P(the device that ends an all-offline spell is Bind2)
};

struct Prediction {
  std::vector<UserType> types;  // shares sum to 1
  Solver solver = Solver::Automatic;
  double all_offline = 0.0;               // share of messages that find R all offline (PASTA)
  double sends_per_user_per_day = 0.0;    // lambda: rate x (1 - P(a random sender is all offline))
  double purge_all_loss_rate = 0.0;       // lost / sent under purge_all
  double spool_rows_per_user = 0.0;       // time-average under deliver
  double offline_wait_s = 0.0;            // mean latency of a message that finds R all offline
  // Upper bound on the share of spooled counted messages still pending at the
  // horizon (exp(-nu * drain), worst type): the comparison needs it near 0.
  double max_pending_share = 0.0;
};

// Throws AssumptionError when check_assumptions() is not empty, and
// std::invalid_argument when the user types exceed kMaxUserTypes.
inline constexpr std::size_t kMaxUserTypes = 100'000;
Prediction predict(const Scenario& scenario, Solver solver = Solver::Automatic);

// ---- Pairing with the simulation (analytic_compare.cpp) --------------------

// The strategies compare() reads: deliver and purge_all.
std::vector<StrategyKind> required_strategies();

struct Quantity {
  std::string name;            // "p_all_offline", "purge_all_loss_rate", ...
  StrategyKind strategy = StrategyKind::Deliver;  // the replica the simulated value comes from
  double analytic = 0.0;
  std::vector<double> per_replication;  // simulated value of each replication
  sim::ConfidenceInterval simulated;    // mean and CI over replications
  double level = 0.0;                   // this interval's confidence (Bonferroni: 1 - alpha / k)
  bool inside = false;                  // analytic within the CI
};

// Bonferroni: k intervals, each at 1 - (1 - family) / k, all contain their
// true values with probability at least `family` (docs/analytic.md, "Verdict").
double bonferroni_level(double family_confidence, std::size_t intervals);

// Simulated counterparts (docs/analytic.md, "Pairing"), per replication:
//   sends_per_user_per_day  deliver: sent / users / counted days
//   p_all_offline           deliver: spool inserts / sent
//   purge_all_loss_rate     purge_all: lost / sent
//   spool_rows_per_user     deliver: spool.mean_rows / users
//   offline_wait_s          deliver: sum of latencies / spool inserts
// `family_confidence` is for the five intervals together: each one is at
// bonferroni_level(family_confidence, 5), so "every value inside" is a test
// at level 1 - family_confidence, not five tests at that level each.
// Throws std::invalid_argument when `result` lacks deliver or purge_all, or
// has fewer than two replications.
std::vector<Quantity> compare(const Prediction& prediction, const Scenario& scenario,
                              const RunResult& result, double family_confidence = 0.95);

}  // namespace spoolsim::models::analytic

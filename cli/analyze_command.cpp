// `spoolsim analyze`: the R13 cross-check. Predicts from the presence chain,
// runs the simulation (deliver and purge_all), and prints per quantity the
// analytic value, the simulated mean, its CI and whether the analytic value
// lies inside. The verdict is one test of all five at 95%: each CI is at
// 99% (Bonferroni, docs/analytic.md). Scenarios outside the assumptions exit with status 2.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "cli/size_check.hpp"
#include "analytic/analytic.hpp"
#include "models/simulation.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

namespace analytic = models::analytic;

struct AnalyzeArgs {
  std::string scenario;
  std::optional<std::uint32_t> replications;
  std::optional<std::uint64_t> seed;
  std::uint32_t threads = 0;
  std::vector<std::string> sets;
  std::string format = "table";
  bool force = false;
};

// The probability that all five intervals hold at once.
constexpr double kFamilyConfidence = 0.95;

[[noreturn]] void bad_input(const std::string& message) {
  std::cerr << "spoolsim analyze: " << message << "\n";
  throw Exit{kExitBadInput};
}

std::string format_table(const std::string& name, std::uint32_t replications,
                         const analytic::Prediction& prediction,
                         const std::vector<analytic::Quantity>& quantities, std::uint64_t pending) {
  const double level = quantities.empty() ? kFamilyConfidence : quantities.front().level;
  std::string out = fmt::format(
      "R13 analytic cross-check: {} ({} replications; {:g}% for all {} quantities together, so each CI is at "
      "{:g}% (Bonferroni))\n\n",
      name, replications, 100 * kFamilyConfidence, quantities.size(), 100 * level);
  out += fmt::format("{:<24} {:<10} {:>12} {:>12} {:>27}  {}\n", "quantity", "strategy", "analytic",
                     "simulated", fmt::format("{:g}% CI", 100 * level), "inside");
  for (const auto& q : quantities) {
    out += fmt::format("{:<24} {:<10} {:>12.6g} {:>12.6g} {:>27}  {}\n", q.name, models::to_string(q.strategy),
                       q.analytic, q.simulated.mean,
                       fmt::format("[{:.6g}, {:.6g}]", q.simulated.low, q.simulated.high),
                       q.inside ? "yes" : "NO");
  }
  out += fmt::format("\nuser types: {}; counted messages still pending at the horizon (deliver): {}\n",
                     prediction.types.size(), pending);
  std::size_t outside = 0;
  for (const auto& q : quantities) outside += q.inside ? 0 : 1;
  out += outside == 0 ? fmt::format("verdict: agrees (every analytic value inside its interval)\n")
                      : fmt::format("verdict: DISAGREES ({} of {} analytic values outside their intervals)\n",
                                    outside, quantities.size());
  if (prediction.max_pending_share > 1e-3) {
    out += fmt::format("warning: the drain is short: up to {:.3g} of spooled messages may still be pending; "
                       "lengthen `drain` for a fair comparison\n",
                       prediction.max_pending_share);
  }
  return out;
}

std::string format_json(const std::string& name, std::uint32_t replications,
                        const std::vector<analytic::Quantity>& quantities, std::uint64_t pending) {
  nlohmann::json j;
  j["scenario"] = name;
  j["replications"] = replications;
  j["pending"] = pending;
  j["family_confidence"] = kFamilyConfidence;
  bool agrees = true;
  for (const auto& q : quantities) agrees = agrees && q.inside;
  j["agrees"] = agrees;
  j["quantities"] = nlohmann::json::array();
  for (const auto& q : quantities) {
    j["quantities"].push_back({{"name", q.name},
                               {"strategy", models::to_string(q.strategy)},
                               {"analytic", q.analytic},
                               {"simulated", q.simulated.mean},
                               {"ci", {q.simulated.low, q.simulated.high}},
                               {"ci_level", q.level},
                               {"inside", q.inside}});
  }
  return j.dump(2) + "\n";
}

void analyze(const AnalyzeArgs& args) {
  std::vector<std::string> sets = args.sets;
  if (args.seed) sets.push_back(fmt::format("seed={}", *args.seed));
  if (args.replications) sets.push_back(fmt::format("replications={}", *args.replications));
  const scenarios::LoadedScenario loaded = scenarios::load_scenario_file(args.scenario, sets);
  models::Scenario scenario = loaded.scenario;
  // The pairing reads these two replicas whatever the scenario compares.
  scenario.strategies = analytic::required_strategies();
  if (scenario.replications < 2) bad_input("needs at least 2 replications for a confidence interval (--replications)");

  const auto violations = analytic::check_assumptions(scenario);
  if (!violations.empty()) {
    std::cerr << "spoolsim analyze: " << loaded.source
              << " is outside the analytic model's assumptions (R13); it breaks:\n";
    for (const auto& v : violations) std::cerr << v.to_string() << "\n";
    throw Exit{kExitBadInput};
  }
  analytic::Prediction prediction;
  try {
    prediction = analytic::predict(scenario);
  } catch (const std::invalid_argument& e) {  // too many user types or devices
    bad_input(fmt::format("{}: {}", loaded.source, e.what()));
  }

  models::RunOptions options;
  options.threads = args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  check_size("analyze", scenarios::estimate_run(scenario, options.threads), args.force);
  std::unique_ptr<ProgressBar> progress;
  if (stderr_is_terminal()) {
    progress = std::make_unique<ProgressBar>(scenario.replications, stderr);
    options.observer = progress.get();
  }
  const models::RunResult result = models::run(scenario, options);
  if (progress) progress->finish();

  const auto quantities = analytic::compare(prediction, scenario, result, kFamilyConfidence);
  std::uint64_t pending = 0;
  for (const auto& rep : result.replications) pending += rep.strategies.front().outcomes.pending;
  std::cout << (args.format == "json"
                    ? format_json(scenario.name, scenario.replications, quantities, pending)
                    : format_table(scenario.name, scenario.replications, prediction, quantities, pending))
            << std::flush;
}

void setup_analyze(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "analyze", "Compare the simulation with the analytic Markov-chain model (R13) on a scenario that meets "
                 "its assumptions");
  cmd->add_option("SCENARIO", args->scenario, "Scenario file (.textproto or .json)")->required();
  cmd->add_option("--replications", args->replications, "Independent replications (overrides the scenario; >= 2)")
      ->check(CLI::Range(2u, 100000u));
  cmd->add_option("--seed", args->seed, "Random seed (overrides the scenario)");
  cmd->add_option("--threads", args->threads, "Worker threads (default: hardware concurrency); results do not depend on it")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--set", args->sets, "Override a scenario field: path=value (repeatable)")->allow_extra_args(false);
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"table", "json"}))
      ->default_str("table");
  add_force_option(cmd, args->force);
  cmd->callback([args] { analyze(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(30, setup_analyze)

}  // namespace spoolsim::cli

#include "viz/rerun.hpp"

namespace spoolsim::viz {

std::vector<std::string> rerun_sets(const std::vector<std::string>& command_sets, const Knobs& loaded,
                                    const Knobs& edited, const std::vector<models::StrategyKind>& all,
                                    const std::vector<bool>& enabled) {
  std::vector<std::string> sets = command_sets;
  for (std::string& s : knob_sets(edited, loaded)) sets.push_back(std::move(s));
  std::string chosen;
  std::size_t count = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i < enabled.size() && !enabled[i]) continue;
    chosen += (count++ ? "," : "") + std::string(models::to_string(all[i]));
  }
  if (count == 0) {
    throw std::invalid_argument("Tick at least one strategy.");
  }
  if (count < all.size()) {
    sets.push_back("strategies=" + chosen);  // in the scenario's order (report order)
  }
  return sets;
}

scenarios::LoadedScenario load_for_dashboard(const std::string& path, const std::vector<std::string>& sets) {
  return path.empty() ? scenarios::load_default_scenario(sets) : scenarios::load_scenario_file(path, sets);
}

}  // namespace spoolsim::viz

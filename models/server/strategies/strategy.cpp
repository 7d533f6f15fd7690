// make_strategy(): the factory a strategy file registered (registry.hpp).
#include <stdexcept>
#include <string>

#include "models/server/strategies/registry.hpp"

namespace spoolsim::models {

std::unique_ptr<Strategy> make_strategy(StrategyKind kind) {
  const auto index = static_cast<std::size_t>(kind);
  const StrategyFactory make = index < detail::strategy_factories().size() ? detail::strategy_factories()[index] : nullptr;
  if (make == nullptr) throw std::invalid_argument("no strategy registered as kind " + std::to_string(index));
  return make();
}

}  // namespace spoolsim::models

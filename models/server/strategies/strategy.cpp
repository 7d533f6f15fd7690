#include "models/server/strategies/strategy.hpp"

#include <stdexcept>
#include <string>

namespace spoolsim::models {

std::unique_ptr<Strategy> make_strategy(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::Deliver: return make_deliver();
    case StrategyKind::PurgeAll: return make_purge_all();
    case StrategyKind::PurgeIfArchiving: return make_purge_if_archiving();
    case StrategyKind::PurgeArchived: return make_purge_archived();
    case StrategyKind::Deferred: return make_deferred();
  }
  throw std::invalid_argument("unknown strategy kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace spoolsim::models

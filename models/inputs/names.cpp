// Stable names of the model's enums, as used in scenario files, reports and
// JSON. Changing one is a file-format change.
#include <string_view>

#include "models/inputs/scenario.hpp"

namespace spoolsim::models {

const char* to_string(StrategyKind s) {
  switch (s) {
    case StrategyKind::Deliver: return "deliver";
    case StrategyKind::PurgeAll: return "purge_all";
    case StrategyKind::PurgeIfArchiving: return "purge_if_archiving";
    case StrategyKind::PurgeArchived: return "purge_archived";
    case StrategyKind::Deferred: return "deferred";
  }
  return "unknown";
}

bool parse_strategy(std::string_view name, StrategyKind& out) {
  for (int i = 0; i < kStrategyCount; ++i) {
    const auto s = static_cast<StrategyKind>(i);
    if (name == to_string(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

const char* to_string(Auth a) {
  switch (a) {
    case Auth::Sasl1: return "sasl1";
    case Auth::Sasl2Bind2: return "sasl2_bind2";
  }
  return "unknown";
}

const char* to_string(MamDefault m) {
  switch (m) {
    case MamDefault::Always: return "always";
    case MamDefault::Roster: return "roster";
    case MamDefault::Never: return "never";
  }
  return "unknown";
}

const char* to_string(CatchupOrder o) {
  switch (o) {
    case CatchupOrder::Forward: return "forward";
    case CatchupOrder::Backward: return "backward";
  }
  return "unknown";
}

const char* to_string(ResendOnTimeout r) {
  switch (r) {
    case ResendOnTimeout::False: return "false";
    case ResendOnTimeout::True: return "true";
    case ResendOnTimeout::IfOffline: return "if_offline";
  }
  return "unknown";
}

const char* to_string(ContactGenerator g) {
  switch (g) {
    case ContactGenerator::ErdosRenyi: return "erdos_renyi";
    case ContactGenerator::SmallWorld: return "small_world";
    case ContactGenerator::PowerLaw: return "power_law";
    case ContactGenerator::File: return "file";
  }
  return "unknown";
}

}  // namespace spoolsim::models

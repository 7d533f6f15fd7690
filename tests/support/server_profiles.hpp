// Profile indexes shared by the server rule tests (see server_script.hpp).
#pragma once
#include "support/server_script.hpp"

namespace spoolsim::testing {

// 0 conversations: sasl2_bind2, SM, catch-up forward 1000 / 7d
// 1 gajim:         sasl1, SM, catch-up
// 2 plain:         sasl1, no SM, no catch-up
// 3 bind2_nocatch: sasl2_bind2, SM, no catch-up
// 4 negative:      sasl1, SM, no catch-up, presence priority -1
// 5 plain_bind2:   sasl2_bind2, no SM, no catch-up
enum : models::ProfileIndex { kConv = 0, kGajim = 1, kPlain = 2, kBind2NoCatch = 3, kNegative = 4, kPlainBind2 = 5 };

inline models::Scenario rules_scenario() {
  std::vector<models::ClientProfile> c;
  c.push_back(bind2_profile("conversations", true, true));
  c.push_back(sasl1_profile("gajim", true, true));
  c.push_back(sasl1_profile("plain", false, false));
  c.push_back(bind2_profile("bind2_nocatch", true, false));
  models::ClientProfile neg = sasl1_profile("negative", true, false);
  neg.presence_priority = -1;
  c.push_back(neg);
  c.push_back(bind2_profile("plain_bind2", false, false));
  return script_scenario(std::move(c));
}

// Every strategy, in the registry's report order.
inline const std::vector<models::StrategyKind> kAllStrategies = {
    models::StrategyKind::Deliver, models::StrategyKind::PurgeAll, models::StrategyKind::PurgeIfArchiving,
    models::StrategyKind::PurgeArchived, models::StrategyKind::Deferred};

constexpr sim::Time minutes(std::int64_t n) { return n * sim::kMinute; }
constexpr sim::Time hours(std::int64_t n) { return n * sim::kHour; }

}  // namespace spoolsim::testing

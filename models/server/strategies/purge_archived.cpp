// R8 purge_archived: delete only the entries this connect's catch-up will
// fetch (readable, unexpired, ahead of the cursor, within the device's age and
// count limits); everything else stays and is flushed. A device without
// catch-up fetches nothing, so nothing is deleted.
#include "models/server/strategies/strategy.hpp"

namespace spoolsim::models {
namespace {
class PurgeArchived final : public Strategy {
 public:
  StrategyKind kind() const override { return StrategyKind::PurgeArchived; }
  FlushTiming at_bind(BindContext& ctx) const override {
    if (ctx.device_catches_up()) ctx.purge(PurgeSelection::FetchedByCatchUp);
    return FlushTiming::AtBind;
  }
};
}  // namespace

std::unique_ptr<Strategy> make_purge_archived() { return std::make_unique<PurgeArchived>(); }
}  // namespace spoolsim::models

// R8 purge_archived: delete only the entries this connect's catch-up will
// fetch (readable, unexpired, ahead of the cursor, within the device's age and
// count limits); everything else stays and is flushed. A device without
// catch-up fetches nothing, so nothing is deleted.
#include "models/server/strategies/registry.hpp"

namespace spoolsim::models {
namespace {
class PurgeArchived final : public Strategy {
 public:
  FlushTiming at_bind(BindContext& ctx) const override {
    if (ctx.device_catches_up()) ctx.purge(PurgeSelection::FetchedByCatchUp);
    return FlushTiming::AtBind;
  }
};

const StrategyRegistration kRegistration{
    StrategyKind::PurgeArchived,
    {.name = "purge_archived",
     .description = "deletes only the entries this connect's catch-up will fetch (nothing without catch-up)",
     .releases = "proposed, no release",
     .colour_rgb = 0xB88CF2},
    [] { return std::unique_ptr<Strategy>(std::make_unique<PurgeArchived>()); }};
}  // namespace
}  // namespace spoolsim::models

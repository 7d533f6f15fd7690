// R8 deferred: delete nothing at bind and hold the flush until the catch-up
// has run; then delete the entries the device received through catch-up and
// flush the rest. Without catch-up (or MAM off) it is `deliver`.
#include "models/server/strategies/registry.hpp"

namespace spoolsim::models {
namespace {
class Deferred final : public Strategy {
 public:
  FlushTiming at_bind(BindContext& ctx) const override {
    return ctx.device_catches_up() ? FlushTiming::AfterCatchUp : FlushTiming::AtBind;
  }
  void after_catch_up(BindContext& ctx) const override {
    ctx.purge(PurgeSelection::ReceivedThroughCatchUp);
  }
};

const StrategyRegistration kRegistration{
    StrategyKind::Deferred,
    {.name = "deferred",
     .description = "waits for the catch-up, deletes what it fetched, flushes the rest (deliver without catch-up)",
     .releases = "proposed, no release",
     .colour_rgb = 0x66B3FF},
    [] { return std::unique_ptr<Strategy>(std::make_unique<Deferred>()); }};
}  // namespace
}  // namespace spoolsim::models

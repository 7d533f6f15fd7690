// R8 deferred: delete nothing at bind and hold the flush until the catch-up
// has run; then delete the entries the device received through catch-up and
// flush the rest. Without catch-up (or MAM off) it is `deliver`.
#include "models/server/strategies/strategy.hpp"

namespace spoolsim::models {
namespace {
class Deferred final : public Strategy {
 public:
  StrategyKind kind() const override { return StrategyKind::Deferred; }
  FlushTiming at_bind(BindContext& ctx) const override {
    return ctx.device_catches_up() ? FlushTiming::AfterCatchUp : FlushTiming::AtBind;
  }
  void after_catch_up(BindContext& ctx) const override {
    ctx.purge(PurgeSelection::ReceivedThroughCatchUp);
  }
};
}  // namespace

std::unique_ptr<Strategy> make_deferred() { return std::make_unique<Deferred>(); }
}  // namespace spoolsim::models

// R8 purge_if_archiving (ejabberd 24.12, fix for #4287): purge everything iff
// MAM is on and the user's effective default is not `never`. Like
// mod_mam:is_archiving_enabled/2 it ignores the always/never lists and the
// roster, so a `roster` user still loses strangers' spooled messages.
#include "models/server/strategies/strategy.hpp"

namespace spoolsim::models {
namespace {
class PurgeIfArchiving final : public Strategy {
 public:
  StrategyKind kind() const override { return StrategyKind::PurgeIfArchiving; }
  FlushTiming at_bind(BindContext& ctx) const override {
    if (ctx.mam_enabled() && ctx.effective_default() != MamDefault::Never) {
      ctx.purge(PurgeSelection::All);
    }
    return FlushTiming::AtBind;
  }
};
}  // namespace

std::unique_ptr<Strategy> make_purge_if_archiving() { return std::make_unique<PurgeIfArchiving>(); }
}  // namespace spoolsim::models

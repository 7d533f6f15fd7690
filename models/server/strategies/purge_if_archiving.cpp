// R8 purge_if_archiving (ejabberd 24.12, fix for #4287): purge everything iff
// MAM is on and the user's effective default is not `never`. Like
// mod_mam:is_archiving_enabled/2 it ignores the always/never lists and the
// roster, so a `roster` user still loses strangers' spooled messages.
#include "models/server/strategies/registry.hpp"

namespace spoolsim::models {
namespace {
class PurgeIfArchiving final : public Strategy {
 public:
  FlushTiming at_bind(BindContext& ctx) const override {
    if (ctx.mam_enabled() && ctx.effective_default() != MamDefault::Never) {
      ctx.purge(PurgeSelection::All);
    }
    return FlushTiming::AtBind;
  }
};

const StrategyRegistration kRegistration{
    StrategyKind::PurgeIfArchiving,
    {.name = "purge_if_archiving",
     .description = "deletes the spool iff MAM is on and the user's effective default is not never",
     .releases = "ejabberd 24.12 and later",
     .colour_rgb = 0xFAB34D},
    [] { return std::unique_ptr<Strategy>(std::make_unique<PurgeIfArchiving>()); }};
}  // namespace
}  // namespace spoolsim::models

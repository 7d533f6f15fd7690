// R8 purge_all: delete every spool entry without sending (XEP-0386 read
// literally; ejabberd 24.02 through 24.10, mod_offline:c2s_handle_bind2_inline).
#include "models/server/strategies/registry.hpp"

namespace spoolsim::models {
namespace {
class PurgeAll final : public Strategy {
 public:
  FlushTiming at_bind(BindContext& ctx) const override {
    ctx.purge(PurgeSelection::All);
    return FlushTiming::AtBind;
  }
};

const StrategyRegistration kRegistration{
    StrategyKind::PurgeAll,
    {.name = "purge_all",
     .description = "deletes every spool entry without sending it (XEP-0386 read literally)",
     .releases = "ejabberd 24.02, 24.06, 24.07, 24.10",
     .colour_rgb = 0xF26B66},
    [] { return std::unique_ptr<Strategy>(std::make_unique<PurgeAll>()); }};
}  // namespace
}  // namespace spoolsim::models

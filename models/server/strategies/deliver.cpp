// R8 deliver: leave the spool; the initial presence flushes it (ejabberd
// before 24.02, Prosody and MongooseIM with Bind2).
#include "models/server/strategies/registry.hpp"

namespace spoolsim::models {
namespace {
class Deliver final : public Strategy {
 public:
  FlushTiming at_bind(BindContext&) const override { return FlushTiming::AtBind; }
};

const StrategyRegistration kRegistration{
    StrategyKind::Deliver,
    {.name = "deliver",
     .description = "leaves the spool; the initial presence flushes it",
     .releases = "ejabberd up to 23.10 (no Bind2); Prosody 13 with mod_sasl2_bind2; MongooseIM 6.2",
     .colour_rgb = 0x59CC8C},
    [] { return std::unique_ptr<Strategy>(std::make_unique<Deliver>()); }};
}  // namespace
}  // namespace spoolsim::models

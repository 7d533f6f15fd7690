// R8 deliver: leave the spool; the initial presence flushes it (ejabberd
// before 24.02, Prosody and MongooseIM with Bind2).
#include "models/server/strategies/strategy.hpp"

namespace spoolsim::models {
namespace {
class Deliver final : public Strategy {
 public:
  StrategyKind kind() const override { return StrategyKind::Deliver; }
  FlushTiming at_bind(BindContext&) const override { return FlushTiming::AtBind; }
};
}  // namespace

std::unique_ptr<Strategy> make_deliver() { return std::make_unique<Deliver>(); }
}  // namespace spoolsim::models

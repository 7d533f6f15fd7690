// R8 purge_all: delete every spool entry without sending (XEP-0386 read
// literally; ejabberd 24.02 through 24.10, mod_offline:c2s_handle_bind2_inline).
#include "models/server/strategies/strategy.hpp"

namespace spoolsim::models {
namespace {
class PurgeAll final : public Strategy {
 public:
  StrategyKind kind() const override { return StrategyKind::PurgeAll; }
  FlushTiming at_bind(BindContext& ctx) const override {
    ctx.purge(PurgeSelection::All);
    return FlushTiming::AtBind;
  }
};
}  // namespace

std::unique_ptr<Strategy> make_purge_all() { return std::make_unique<PurgeAll>(); }
}  // namespace spoolsim::models

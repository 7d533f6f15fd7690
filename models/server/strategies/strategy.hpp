// R8: the Bind2 offline strategies. Each strategy is one small class in its
// own file in this folder that registers itself (registry.hpp): the five of
// R8 are deliver.cpp, purge_all.cpp, purge_if_archiving.cpp,
// purge_archived.cpp and deferred.cpp.
// A strategy only decides what happens to the recipient's spool when a
// sasl2_bind2 session binds (R7.2); sessions, routing and catch-up belong to
// the replica, so a strategy can never change session state (R1.3).
#pragma once
#include <memory>

#include "models/inputs/scenario.hpp"

namespace spoolsim::models {

// Which spool entries of the binding user a purge removes (without sending).
enum class PurgeSelection : std::uint8_t {
  All,                   // every entry (purge_all, purge_if_archiving)
  FetchedByCatchUp,      // entries this connect's catch-up (R7.3) will fetch (purge_archived)
  ReceivedThroughCatchUp // entries the device just received through catch-up (deferred)
};

// What the replica lets a strategy see and do at a Bind2 bind.
class BindContext {
 public:
  virtual ~BindContext() = default;
  virtual bool mam_enabled() const = 0;
  // R2.3: the binding user's effective MAM default (override or server default).
  virtual MamDefault effective_default() const = 0;
  // R7.3: the binding device runs a catch-up on this connect (mam_catchup and mam.enabled).
  virtual bool device_catches_up() const = 0;
  // Removes the selected spool entries (delete_by_purge), R8.
  virtual void purge(PurgeSelection which) = 0;
};

// When the initial presence flushes what the strategy left (R7.2, R8).
enum class FlushTiming : std::uint8_t { AtBind, AfterCatchUp };

class Strategy {
 public:
  virtual ~Strategy() = default;
  // Acts on the spool when a sasl2_bind2 session binds, before initial presence.
  virtual FlushTiming at_bind(BindContext& ctx) const = 0;
  // Only called when at_bind returned AfterCatchUp, once the catch-up has run
  // and before the flush.
  virtual void after_catch_up(BindContext& ctx) const { (void)ctx; }
};

// The registered strategy of that kind; throws std::invalid_argument for a
// kind nobody registered.
std::unique_ptr<Strategy> make_strategy(StrategyKind kind);

}  // namespace spoolsim::models

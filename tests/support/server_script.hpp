// A scripted timeline for server tests: a hand-built world (users, devices,
// profiles, contacts) and hand-written events (connect, clean or abrupt
// disconnect, detection, resume expiry, sends with chosen draws) applied to
// one replica per strategy, then each message's fate is inspected.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "models/world/contact_graph.hpp"
#include "models/server/replica.hpp"
#include "models/inputs/scenario.hpp"
#include "models/world/world.hpp"

namespace spoolsim::testing {

using models::DeviceId;
using models::MessageId;
using models::StrategyKind;
using models::UserId;

// Client profiles used by the scripts (presets of docs/sources.md section 5, simplified).
models::ClientProfile bind2_profile(const char* name = "conversations", bool sm = true,
                                    bool catchup = true);
models::ClientProfile sasl1_profile(const char* name = "gajim", bool sm = true, bool catchup = true);

// A scenario with every strategy, no warmup, a long horizon and the given clients.
models::Scenario script_scenario(std::vector<models::ClientProfile> clients);

struct SendDraws {
  std::uint32_t size_bytes = 400;
  bool no_store = false;
  bool archive_failed = false;
  sim::Duration lag = 0;
};

class ServerScript {
 public:
  explicit ServerScript(models::Scenario scenario);

  // Population (before build()).
  UserId add_user(std::vector<models::ProfileIndex> device_profiles,
                  models::MamDefault mam_default = models::MamDefault::Never);
  void contact(UserId a, UserId b);  // mutual `both`
  void build(std::vector<StrategyKind> strategies = {});  // empty: scenario.strategies

  DeviceId device(UserId u, unsigned slot = 0) const;
  models::World& world() { return *world_; }
  models::Scenario& scenario() { return scenario_; }

  // Events, in non-decreasing time; each is applied to every replica.
  void connect(sim::Time t, DeviceId d);
  void disconnect(sim::Time t, DeviceId d, bool abrupt = false);
  void detect(sim::Time t, DeviceId d);         // ZombieDetected, current connection
  void resume_expire(sim::Time t, DeviceId d);  // ResumeExpired, current connection
  void timer(sim::Time t, models::WorldEventKind kind, DeviceId d, std::uint32_t connection);
  MessageId send(sim::Time t, UserId from, UserId to, SendDraws draws = {});
  void finish();  // Horizon at scenario.horizon

  std::uint32_t connection(DeviceId d) const { return connections_[d]; }
  models::Replica& replica(StrategyKind s);
  // The decided fate (after finish(), or once decided); fails the test if none.
  models::MessageFate fate(StrategyKind s, MessageId m);

 private:
  void apply(const models::WorldEvent& e);

  models::Scenario scenario_;
  std::vector<models::User> users_;
  std::vector<models::Device> devices_;
  std::vector<models::Edge> edges_;
  std::unique_ptr<models::World> world_;
  std::vector<std::pair<StrategyKind, std::unique_ptr<models::Replica>>> replicas_;
  std::vector<std::uint32_t> connections_;
};

}  // namespace spoolsim::testing

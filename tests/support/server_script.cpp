#include "support/server_script.hpp"

#include <stdexcept>
#include <string>

namespace spoolsim::testing {

using namespace spoolsim::models;

ClientProfile bind2_profile(const char* name, bool sm, bool catchup) {
  ClientProfile p;
  p.name = name;
  p.auth = Auth::Sasl2Bind2;
  p.stream_management = sm;
  p.mam_catchup = catchup;
  return p;
}

ClientProfile sasl1_profile(const char* name, bool sm, bool catchup) {
  ClientProfile p = bind2_profile(name, sm, catchup);
  p.auth = Auth::Sasl1;
  return p;
}

Scenario script_scenario(std::vector<ClientProfile> clients) {
  Scenario s;
  s.name = "script";
  s.warmup = 0;
  s.drain = 1 * sim::kHour;
  s.horizon = 30 * sim::kDay;
  s.replications = 1;
  s.strategies = {StrategyKind::Deliver, StrategyKind::PurgeAll, StrategyKind::PurgeIfArchiving,
                  StrategyKind::PurgeArchived, StrategyKind::Deferred};
  s.clients = std::move(clients);
  s.server.mam.enabled = true;
  s.server.mam.default_mode = MamDefault::Never;
  return s;
}

ServerScript::ServerScript(Scenario scenario) : scenario_(std::move(scenario)) {}

UserId ServerScript::add_user(std::vector<ProfileIndex> device_profiles, MamDefault mam_default) {
  User u;
  u.first_device = static_cast<DeviceId>(devices_.size());
  u.device_count = static_cast<std::uint8_t>(device_profiles.size());
  u.mam_default = mam_default;
  const UserId id = static_cast<UserId>(users_.size());
  for (std::size_t i = 0; i < device_profiles.size(); ++i)
    devices_.push_back(Device{id, static_cast<std::uint8_t>(i), device_profiles[i]});
  users_.push_back(u);
  return id;
}

void ServerScript::contact(UserId a, UserId b) { edges_.push_back(Edge::mutual(a, b)); }

void ServerScript::build(std::vector<StrategyKind> strategies) {
  if (strategies.empty()) strategies = scenario_.strategies;
  const auto n = static_cast<std::uint32_t>(users_.size());
  connections_.assign(devices_.size(), 0);
  world_ = std::make_unique<World>(scenario_, users_, devices_, ContactGraph::from_edges(n, edges_));
  for (StrategyKind s : strategies) {
    auto r = std::make_unique<Replica>(*world_, s);
    r->record_fates();
    replicas_.emplace_back(s, std::move(r));
  }
}

DeviceId ServerScript::device(UserId u, unsigned slot) const { return users_.at(u).first_device + slot; }

void ServerScript::apply(const WorldEvent& e) {
  for (auto& [kind, r] : replicas_) r->apply(e);
}

void ServerScript::connect(sim::Time t, DeviceId d) {
  WorldEvent e;
  e.time = t;
  e.kind = WorldEventKind::Connect;
  e.device = d;
  e.connection = ++connections_[d];
  apply(e);
}

void ServerScript::disconnect(sim::Time t, DeviceId d, bool abrupt) {
  WorldEvent e;
  e.time = t;
  e.kind = WorldEventKind::Disconnect;
  e.abrupt = abrupt;
  e.device = d;
  e.connection = connections_[d];
  apply(e);
}

void ServerScript::timer(sim::Time t, WorldEventKind kind, DeviceId d, std::uint32_t connection) {
  WorldEvent e;
  e.time = t;
  e.kind = kind;
  e.device = d;
  e.connection = connection;
  apply(e);
}

void ServerScript::detect(sim::Time t, DeviceId d) {
  timer(t, WorldEventKind::ZombieDetected, d, connections_[d]);
}

void ServerScript::resume_expire(sim::Time t, DeviceId d) {
  timer(t, WorldEventKind::ResumeExpired, d, connections_[d]);
}

MessageId ServerScript::send(sim::Time t, UserId from, UserId to, SendDraws draws) {
  const MessageId id = world_->send(t, from, to, draws.size_bytes, draws.no_store,
                                    draws.archive_failed, draws.lag);
  WorldEvent e;
  e.time = t;
  e.kind = WorldEventKind::Send;
  e.message = id;
  apply(e);
  return id;
}

void ServerScript::finish() {
  WorldEvent e;
  e.time = scenario_.horizon;
  e.kind = WorldEventKind::Horizon;
  apply(e);
}

Replica& ServerScript::replica(StrategyKind s) {
  for (auto& [kind, r] : replicas_)
    if (kind == s) return *r;
  throw std::invalid_argument(std::string("strategy not in the script: ") + to_string(s));
}

MessageFate ServerScript::fate(StrategyKind s, MessageId m) {
  const auto f = replica(s).fate(m);
  if (!f) throw std::logic_error("message " + std::to_string(m) + " has no decided fate under " +
                                 to_string(s));
  return *f;
}

}  // namespace spoolsim::testing

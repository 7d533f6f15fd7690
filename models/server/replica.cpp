// Event dispatch and the session state machine (R7.1, R7.2, R7.4).
#include "models/server/replica.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace spoolsim::models {

// What a strategy may see and do at a Bind2 bind of device d at t (R8).
class ReplicaBind final : public BindContext {
 public:
  ReplicaBind(Replica& replica, DeviceId device, sim::Time t) : r_(replica), d_(device), t_(t) {}
  bool mam_enabled() const override { return r_.scenario_.server.mam.enabled; }
  MamDefault effective_default() const override {
    return r_.world_.users()[r_.user_of(d_)].mam_default;
  }
  bool device_catches_up() const override { return r_.catches_up(d_); }
  void purge(PurgeSelection which) override { r_.purge(d_, t_, which); }

 private:
  Replica& r_;
  DeviceId d_;
  sim::Time t_;
};

Replica::Replica(const World& world, StrategyKind strategy, std::uint32_t replication,
                 SpoolTraceSink* trace)
    : world_(world),
      scenario_(world.scenario()),
      kind_(strategy),
      strategy_(make_strategy(strategy)),
      replication_(replication),
      trace_(trace),
      sessions_(world.devices().size()),
      queues_(world.devices().size()),
      cursor_end_(world.devices().size(), 0),
      last_connect_(world.devices().size(), std::numeric_limits<sim::Time>::min()),
      spool_(world.users().size()),
      spool_meter_(scenario_.warmup, scenario_.horizon - scenario_.drain),
      archive_reads_(scenario_.warmup, scenario_.horizon - scenario_.drain),
      ledger_(world.users().size(), std::max<std::size_t>(1, world.device_mix_labels().size()),
              std::max<std::size_t>(1, scenario_.clients.size())) {
  for (std::size_t u = 0; u < world.users().size(); ++u) {
    if (world.users()[u].device_count > 64)
      throw std::invalid_argument("user " + std::to_string(u) + " has " +
                                  std::to_string(world.users()[u].device_count) +
                                  " devices; the server model supports at most 64 per user");
  }
  catches_up_.reserve(scenario_.clients.size());
  for (const ClientProfile& p : scenario_.clients)
    catches_up_.push_back(p.mam_catchup && scenario_.server.mam.enabled ? 1 : 0);
}

void Replica::apply(const WorldEvent& ev) {
  if (finished_) throw std::logic_error("internal error: world event after the horizon");
  ++events_;
  expire_spool(ev.time);  // R9.1 at each entry's own expiry time
  switch (ev.kind) {
    case WorldEventKind::Connect: connect(ev.device, ev.connection, ev.time); break;
    case WorldEventKind::Disconnect: disconnect(ev.device, ev.connection, ev.abrupt, ev.time); break;
    case WorldEventKind::ZombieDetected: zombie_detected(ev.device, ev.connection, ev.time); break;
    case WorldEventKind::ResumeExpired: resume_expired(ev.device, ev.connection, ev.time); break;
    case WorldEventKind::Send: send(ev.message, ev.time); break;
    case WorldEventKind::Horizon:
      settle_touched(ev.time);
      horizon(ev.time);
      return;
  }
  settle_touched(ev.time);
  // Time-driven losses of archive access (max age, retention) have no event:
  // sweep the in-flight fates daily, or when they have doubled, to bound memory.
  if (ev.time >= next_sweep_ || fates_.size() > 2 * sweep_size_ + 4096) sweep(ev.time);
}

bool Replica::user_has_catchup(UserId u) const {
  const User& user = world_.users()[u];
  for (DeviceId d = user.first_device; d < user.first_device + user.device_count; ++d)
    if (catches_up(d)) return true;
  return false;
}

bool Replica::other_available(UserId u, DeviceId except) const {
  const User& user = world_.users()[u];
  for (DeviceId d = user.first_device; d < user.first_device + user.device_count; ++d)
    if (d != except && sessions_[d].state != SessionState::None) return true;
  return false;
}

void Replica::connect(DeviceId d, std::uint32_t connection, sim::Time t) {
  last_connect_[d] = t;
  ledger_.device_connected(user_of(d), index_in_user(d));
  Session& s = sessions_[d];
  const bool device_sm = profile(d).stream_management && scenario_.server.stream_management.enabled;
  // R7.1: resume a pending session, or a zombie one with stream management
  // (ejabberd's inherit_session_state), when both sides have it.
  if (device_sm && s.stream_management &&
      (s.state == SessionState::Pending || s.state == SessionState::Zombie)) {
    s.state = SessionState::Online;
    s.connection = connection;
    resume(d, t);
    return;
  }
  // R7.2: a new session; an old zombie/pending one is terminated as a
  // replacement (R7.5), its resent messages reach the new session at t.
  s.state = SessionState::Online;
  s.stream_management = device_sm;
  s.connection = connection;
  if (!queues_.empty(d)) terminate(d, t, Termination::Replacement);
  bind(d, t);
}

void Replica::bind(DeviceId d, sim::Time t) {
  const ClientProfile& p = profile(d);
  const bool presence_flushes = p.presence_priority >= 0;  // R7.2 legacy flush rule
  FlushTiming timing = FlushTiming::AtBind;
  ReplicaBind ctx(*this, d, t);
  if (p.auth == Auth::Sasl2Bind2) timing = strategy_->at_bind(ctx);  // R8: before presence
  if (timing == FlushTiming::AtBind && presence_flushes) flush(d, t);
  if (catches_up(d)) catch_up(d, t);  // R7.3
  if (timing == FlushTiming::AfterCatchUp) {
    strategy_->after_catch_up(ctx);
    if (presence_flushes) flush(d, t);
  }
}

void Replica::disconnect(DeviceId d, std::uint32_t connection, bool abrupt, sim::Time t) {
  (void)t;
  Session& s = sessions_[d];
  if (s.state != SessionState::Online || s.connection != connection) return;  // stale
  // R7.4: a clean close ends the session (its queue is empty: online
  // sessions receive at once); an abrupt loss leaves a zombie.
  s.state = abrupt ? SessionState::Zombie : SessionState::None;
}

void Replica::zombie_detected(DeviceId d, std::uint32_t connection, sim::Time t) {
  (void)t;
  Session& s = sessions_[d];
  if (s.state != SessionState::Zombie || s.connection != connection) return;  // stale timer
  // R7.4: with stream management the session hibernates for resume_timeout;
  // without, it ends (messages routed to it are already gone).
  s.state = s.stream_management ? SessionState::Pending : SessionState::None;
}

void Replica::resume_expired(DeviceId d, std::uint32_t connection, sim::Time t) {
  Session& s = sessions_[d];
  if (s.state != SessionState::Pending || s.connection != connection) return;  // stale timer
  terminate(d, t, Termination::Timeout);
}

std::optional<MessageFate> Replica::fate(MessageId id) const {
  const Ledger::LogEntry* e = ledger_.logged(id);
  if (!e) return std::nullopt;
  MessageFate f = e->fate;
  if (f.kind == FateKind::Delivered) {
    // R10.1, evaluated now: no device without m connected after the send.
    bool all = !e->failed;
    const Message& m = world_.message(id);
    const User& user = world_.users()[m.recipient];
    for (unsigned i = 0; i < user.device_count && all; ++i)
      if ((e->missing >> i & 1U) && last_connect_[user.first_device + i] > m.sent) all = false;
    f.delivered_all_devices = all;
  }
  return f;
}

}  // namespace spoolsim::models

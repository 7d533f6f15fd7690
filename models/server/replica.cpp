// Event dispatch, the session state machine (R7.1, R7.2, R7.4, R7.5) and
// routing (R6); the spool, queues, catch-up and fates are the parts'.
#include "models/server/replica.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace spoolsim::models {

// What a strategy may see and do at a Bind2 bind of device d at t (R8).
class ReplicaBind final : public BindContext {
 public:
  ReplicaBind(Replica& replica, DeviceId device, sim::Time t) : r_(replica), d_(device), t_(t) {}
  bool mam_enabled() const override { return r_.devices_.scenario().server.mam.enabled; }
  MamDefault effective_default() const override {
    return r_.devices_.user(r_.devices_.user_of(d_)).mam_default;
  }
  bool device_catches_up() const override { return r_.devices_.catches_up(d_); }
  void purge(PurgeSelection which) override { r_.purge(d_, t_, which); }

 private:
  Replica& r_;
  DeviceId d_;
  sim::Time t_;
};

Replica::Replica(const World& world, StrategyKind strategy, std::uint32_t replication,
                 SpoolTraceSink* trace)
    : kind_(strategy),
      strategy_(make_strategy(strategy)),
      devices_(world),
      fates_(devices_, fingerprint_),
      spool_(devices_, fates_, fingerprint_, SpoolTrace{trace, replication, strategy}),
      queues_(devices_, fates_, fingerprint_),
      catch_up_(devices_, fates_, fingerprint_),
      sessions_(world.devices().size()),
      orphan_until_(world.devices().size(), sim::kNever) {}

void Replica::apply(const WorldEvent& ev, const WorldMark& as_of) {
  if (finished_) throw std::logic_error("internal error: world event after the horizon");
  ++events_;
  catch_up_.set_as_of(as_of);  // the only part that reads what the world keeps changing
  spool_.expire(ev.time);  // R9.1 at each entry's own expiry time
  // R7.2: orphans whose resume_timeout ran out (server timers: after the
  // world's events of the same instant, so the horizon's own instant too).
  if (!orphans_.empty()) expire_orphans(ev.time, ev.kind == WorldEventKind::Horizon);
  switch (ev.kind) {
    case WorldEventKind::Connect: connect(ev.device, ev.connection, ev.time); break;
    case WorldEventKind::Disconnect: disconnect(ev.device, ev.connection, ev.abrupt, ev.time); break;
    case WorldEventKind::ZombieDetected: zombie_detected(ev.device, ev.connection, ev.time); break;
    case WorldEventKind::ResumeExpired: {
      // R7.4/R7.5: a pending session not resumed in time ends (stale timers aside).
      const Session& s = sessions_[ev.device];
      if (s.state == SessionState::Pending && s.connection == ev.connection)
        terminate(ev.device, ev.time, Termination::Timeout);
      break;
    }
    case WorldEventKind::Send: send(ev.message, ev.time); break;
    case WorldEventKind::Horizon:
      fates_.horizon(ev.time, kind_);
      finished_ = true;
      return;
  }
  fates_.after_event(ev.time);
}

void Replica::set_state(DeviceId d, SessionState state, sim::Time t) {
  sessions_[d].state = state;
  sessions_[d].since = t;
  fingerprint_.session(t, d, state);
}

bool Replica::other_available(UserId u, DeviceId except) const {
  const User& user = devices_.user(u);
  for (DeviceId d = user.first_device; d < user.first_device + user.device_count; ++d)
    if (d != except && sessions_[d].state != SessionState::None) return true;
  return false;
}

void Replica::connect(DeviceId d, std::uint32_t connection, sim::Time t) {
  fates_.device_connected(d, t);
  Session& s = sessions_[d];
  const ClientProfile& p = devices_.profile(d);
  const bool device_sm = p.stream_management && devices_.scenario().server.stream_management.enabled;
  // R7.2: a Bind2 client with a new user-agent id binds a new resource: its
  // previous session is neither resumed nor replaced, and hibernates on.
  if (p.new_user_agent_each_login && p.auth == Auth::Sasl2Bind2 && s.stream_management &&
      (s.state == SessionState::Pending || s.state == SessionState::Zombie))
    orphan(d, t);
  // R7.1: resume a pending session, or a zombie one with stream management
  // (ejabberd's inherit_session_state), when both sides have it.
  // A ring queue that lost entries cannot resume (Prosody: "overflow").
  if (device_sm && s.stream_management && s.resumable &&
      (s.state == SessionState::Pending || s.state == SessionState::Zombie)) {
    set_state(d, SessionState::Online, t);
    s.connection = connection;
    queues_.resume(d, [&](MessageId id) { receive(d, id, t); });
    return;
  }
  // R7.2: a new session; an old zombie/pending one is terminated as a
  // replacement (R7.5), its resent messages reach the new session at t.
  set_state(d, SessionState::Online, t);
  s.stream_management = device_sm;
  s.resumable = true;
  s.connection = connection;
  if (!queues_.empty(d)) terminate(d, t, Termination::Replacement);
  bind(d, t);
}

void Replica::bind(DeviceId d, sim::Time t) {
  const ClientProfile& p = devices_.profile(d);
  // R7.2: the legacy flush rule, and no flush at all for a session the
  // server marked by a MAM query before its presence.
  const bool presence_flushes = p.presence_priority >= 0 && !devices_.flush_suppressed(d);
  const bool catches_up = devices_.catches_up(d);
  const auto flush = [&] {
    spool_.flush(devices_.user_of(d), t, [&](MessageId id) { receive(d, id, t); });
  };
  FlushTiming timing = FlushTiming::AtBind;
  ReplicaBind ctx(*this, d, t);
  if (p.auth == Auth::Sasl2Bind2) timing = strategy_->at_bind(ctx);  // R8: before presence
  if (timing == FlushTiming::AtBind) {
    // R7.3: a catch-up the flush cannot move goes first; entries both
    // return are duplicates (R10.5).
    const bool first = devices_.catches_up_before_flush(d);
    if (first) catch_up_.run(d, t);
    if (presence_flushes) flush();
    if (catches_up && !first) catch_up_.run(d, t);
  } else {  // R8 deferred: catch-up, the strategy, then the flush
    if (catches_up) catch_up_.run(d, t);
    strategy_->after_catch_up(ctx);
    if (presence_flushes) flush();
  }
}

void Replica::disconnect(DeviceId d, std::uint32_t connection, bool abrupt, sim::Time t) {
  const Session& s = sessions_[d];
  if (s.state != SessionState::Online || s.connection != connection) return;  // stale
  // R7.4: a clean close ends the session (its queue is empty: online
  // sessions receive at once); an abrupt loss leaves a zombie.
  set_state(d, abrupt ? SessionState::Zombie : SessionState::None, t);
}

void Replica::zombie_detected(DeviceId d, std::uint32_t connection, sim::Time t) {
  const Session& s = sessions_[d];
  if (s.state != SessionState::Zombie || s.connection != connection) return;  // stale timer
  // R7.4: with stream management the session hibernates for resume_timeout;
  // without, it ends (messages routed to it are already gone).
  set_state(d, s.stream_management ? SessionState::Pending : SessionState::None, t);
}

// R7.2: D's zombie or pending session lives on under its old resource until
// it would have timed out: detection after ack_timeout (zombie), then
// resume_timeout. One orphan per device: an older one ends now.
void Replica::orphan(DeviceId d, sim::Time t) {
  if (has_orphan(d)) end_orphan(d, t, Termination::Timeout);
  const Session& s = sessions_[d];
  const StreamManagementConfig& sm = devices_.scenario().server.stream_management;
  const sim::Time detected = s.state == SessionState::Zombie ? s.since + sm.ack_timeout : s.since;
  orphan_until_[d] = std::max(detected + sm.resume_timeout, t);
  orphans_.push_back(d);
  queues_.orphan(d);
  set_state(d, SessionState::None, t);  // the device's own slot binds anew
}

// R7.5 for an orphan: every other session of R, D's current one included,
// counts as another available session.
void Replica::end_orphan(DeviceId d, sim::Time t, Termination why) {
  orphan_until_[d] = sim::kNever;
  orphans_.erase(std::find(orphans_.begin(), orphans_.end(), d));
  const User& user = devices_.user(devices_.user_of(d));
  bool other = false;
  for (DeviceId o = user.first_device; o < user.first_device + user.device_count; ++o)
    other = other || sessions_[o].state != SessionState::None || has_orphan(o);
  const QueueDisposal how = queues_.disposal(why, other);
  const bool twice = resends_twice(d, why, how, other);
  queues_.terminate(d, t, how, [&](MessageId id) { route_again(id, t, twice); }, true);
}

void Replica::expire_orphans(sim::Time t, bool inclusive) {
  for (;;) {  // earliest first; ending one may route to the others
    auto next = std::min_element(orphans_.begin(), orphans_.end(),
                                 [&](DeviceId a, DeviceId b) { return orphan_until_[a] < orphan_until_[b]; });
    if (next == orphans_.end()) return;
    const sim::Time until = orphan_until_[*next];
    if (until > t || (until == t && !inclusive)) return;
    end_orphan(*next, until, Termination::Timeout);
  }
}

// R7.5. For a replacement the caller has already bound the new session, so
// messages routed again reach it at t.
void Replica::terminate(DeviceId d, sim::Time t, Termination why) {
  if (why != Termination::Replacement) set_state(d, SessionState::None, t);
  const bool other = other_available(devices_.user_of(d), d);
  const QueueDisposal how = queues_.disposal(why, other);
  const bool twice = resends_twice(d, why, how, other);
  queues_.terminate(d, t, how, [&](MessageId id) { route_again(id, t, twice); });
}

// ejabberd routes the resent queue (mod_stream_mgmt c2s_terminated, hook
// priority 50) before the session leaves ejabberd_sm (ejabberd_c2s
// process_terminated, 100): a message to R's bare JID reaches every session
// at the top priority, the ending one included, whose copy returns to its
// own mailbox and is routed again by bounce_message_queue once it is gone.
// Alone, its copy comes back once and goes offline: nothing changes.
bool Replica::resends_twice(DeviceId d, Termination why, QueueDisposal how, bool other) const {
  if (!devices_.scenario().server.stream_management.resend_while_registered || why != Termination::Timeout ||
      how != QueueDisposal::Resend || !other)
    return false;
  const int own = devices_.profile(d).presence_priority;
  if (own < 0) return false;  // not among route_message's targets
  const User& user = devices_.user(devices_.user_of(d));
  for (DeviceId o = user.first_device; o < user.first_device + user.device_count; ++o)
    if ((sessions_[o].state != SessionState::None || has_orphan(o)) && devices_.profile(o).presence_priority > own)
      return false;
  return true;
}

void Replica::route_again(MessageId id, sim::Time t, bool twice) {
  route(id, t);
  if (twice) route(id, t);
}

// R6: a counted message's fate is opened for its routing.
void Replica::send(MessageId id, sim::Time t) {
  // R6.1: entries the world deleted from a full archive may have been some
  // undecided message's last chance (R10.3).
  for (const MessageId gone : devices_.world().evicted_by_last_send()) fates_.touch(gone);
  const Message& m = devices_.world().message(id);
  if (m.archived()) catch_up_.archived(m.recipient, id);
  if (!m.has(Message::Counted)) {
    route(id, t);  // R6.1/R6.2: the world has already written the archive entries
    return;
  }
  fates_.open_send(id);
  route(id, t);
  fates_.close_send(id, t);
}

// R6.3/R6.4. Also used for messages routed again at a session termination
// (R7.5): the archive is never written twice.
void Replica::route(MessageId id, sim::Time t) {
  fates_.touch(id);
  const User& r = devices_.user(devices_.world().message(id).recipient);
  bool available = false;
  for (DeviceId d = r.first_device; d < r.first_device + r.device_count; ++d) {
    switch (sessions_[d].state) {
      case SessionState::None: break;
      case SessionState::Online:  // received at t (carbons on: every session gets it)
        available = true;
        receive(d, id, t);
        break;
      case SessionState::Zombie:
        available = true;
        if (!sessions_[d].stream_management) {
          fates_.copy_destroyed(id, LossCause::ZombieNoSm, d, t);  // gone for that session
          break;
        }
        [[fallthrough]];
      case SessionState::Pending:
        available = true;
        if (queues_.enqueue(d, id, t)) {  // R7.5: beyond max_ack_queue
          if (devices_.scenario().server.stream_management.overflow_drops_oldest) {
            queues_.drop_oldest(d, t);
            sessions_[d].resumable = false;
          } else {
            terminate(d, t, Termination::QueueOverflow);
          }
        }
        break;
    }
    if (has_orphan(d)) {  // R7.2: the old resource's session still hibernates
      available = true;
      if (queues_.enqueue(d, id, t, true)) {
        if (devices_.scenario().server.stream_management.overflow_drops_oldest)
          queues_.drop_oldest(d, t, true);
        else
          end_orphan(d, t, Termination::QueueOverflow);
      }
    }
  }
  if (!available) spool_.store(id, t);  // R6.4
}

// D receives m at t by any path; an archived m moves D's cursor (R7.3).
void Replica::receive(DeviceId d, MessageId id, sim::Time t) {
  fingerprint_.received(t, d, id);
  fates_.received(d, id, t);
  catch_up_.received(d, id, t);
}

void Replica::purge(DeviceId d, sim::Time t, PurgeSelection which) {
  const UserId r = devices_.user_of(d);
  std::span<const MessageId> fetched = catch_up_.fetched();
  std::uint64_t keep_below = 0;
  if (which == PurgeSelection::FetchedByCatchUp) {
    fetched = catch_up_.plan(d, t);
    // A flush before the catch-up moves its cursor (R8 purge_archived);
    // a catch-up that runs first fetches the whole plan.
    if (!devices_.catches_up_before_flush(d))
      keep_below = spool_.cursor_after_flush(r, fetched, catch_up_.cursor_end(d));
  }
  spool_.purge(r, d, t, which, fetched, keep_below);
}

LiveStrategy Replica::live(sim::Time now) const {
  LiveStrategy s;
  s.strategy = kind_;
  s.so_far = fates_.ledger().totals();
  if (!finished_) {  // pending = not yet decided
    const OutcomeCounts& c = s.so_far;
    s.so_far.pending = c.sent - c.delivered - c.bounced - c.lost;
  }
  s.spool_rows = spool_.rows();
  s.archive_rows = devices_.world().archive_rows(now);
  return s;
}

StrategyResult Replica::result() const {
  if (!finished_) throw std::logic_error("internal error: result() before the horizon");
  const World& world = devices_.world();
  const Scenario& scenario = devices_.scenario();
  const Ledger& ledger = fates_.ledger();
  StrategyResult out;
  out.strategy = kind_;
  out.outcomes = ledger.totals();
  out.latency_us = ledger.latency();
  out.spool = spool_.stats();
  out.spool_occupancy = spool_.occupancy(scenario.horizon);
  out.archive = world.archive_storage(scenario.horizon);
  out.archive.ops[static_cast<std::size_t>(StoreOp::CatchupRead)] +=
      catch_up_.reads().stats().ops[static_cast<std::size_t>(StoreOp::CatchupRead)];
  out.cost_per_month_per_1000_users = monthly_cost_per_1000_users(
      out.spool, out.archive, scenario.prices, scenario.horizon - scenario.drain - scenario.warmup,
      static_cast<std::uint32_t>(world.users().size()));
  const auto& labels = world.device_mix_labels();
  for (std::size_t i = 0; i < ledger.by_mix().size(); ++i)
    out.by_recipient_mix.push_back(
        GroupOutcome{i < labels.size() ? labels[i] : std::string("all"), ledger.by_mix()[i]});
  std::sort(out.by_recipient_mix.begin(), out.by_recipient_mix.end(),
            [](const GroupOutcome& a, const GroupOutcome& b) { return a.label < b.label; });
  for (std::size_t i = 0; i < ledger.by_profile().size(); ++i)
    out.by_profile.push_back(GroupOutcome{
        i < scenario.clients.size() ? scenario.clients[i].name : std::string("none"),
        ledger.by_profile()[i]});
  out.fingerprint = fingerprint_.value();
  return out;
}

}  // namespace spoolsim::models

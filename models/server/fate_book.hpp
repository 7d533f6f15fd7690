// R10: the fates of one replica's in-flight counted messages. The book keeps
// each message's Fate record while a copy or a fetchable archive entry
// remains, counts its copies (spool and unacked-queue entries: the only
// place that count changes), decides the fate once nothing can change it,
// and checks R10.6 at the horizon.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "models/outcomes/ledger.hpp"
#include "models/server/devices.hpp"
#include "models/server/flat_map.hpp"
#include "models/server/server_fingerprint.hpp"

namespace spoolsim::models {

class FateBook {
 public:
  FateBook(const Devices& devices, ServerFingerprint& fingerprint);

  // A Send of a counted message: while it is routed its fate lives outside
  // the map; most are decided at once and never enter it (saves a hash
  // insert and erase per message).
  void open_send(MessageId id);
  void close_send(MessageId id, sim::Time t);

  // The in-flight record of a counted message (nullptr: not counted or decided).
  Fate* find(MessageId id) { return id == sending_ ? &sending_fate_ : fates_.find(id); }

  // A spool or unacked-queue entry of m was added or removed.
  // Uncounted messages' copies are counted apart so that recycling (below)
  // knows every message the replica still holds.
  void copy_added(MessageId id) {
    if (Fate* f = find(id)) ++f->copies;
    else if (std::uint32_t* n = uncounted_copies_.find(id)) ++*n;
    else uncounted_copies_.insert(id) = 1;
  }
  void copy_removed(MessageId id) {
    if (Fate* f = find(id)) --f->copies;
    else if (std::uint32_t* n = uncounted_copies_.find(id); n && --*n == 0) uncounted_copies_.erase(id);
  }
  // Memory (World::recycle): f(id) for every message this replica holds.
  template <class F>
  void for_each_held(F&& f) {
    fates_.for_each([&](std::uint32_t id, const Fate&) { f(id); });
    uncounted_copies_.for_each([&](std::uint32_t id, std::uint32_t) { f(id); });
    if (sending_ != FlatMap<Fate>::kEmpty) f(sending_);
  }

  // R10.1: device d connected at t (delivered messages may now miss it).
  void device_connected(DeviceId d, sim::Time t) {
    last_connect_[d] = t;
    ledger_.device_connected(devices_.user_of(d), devices_.index_in_user(d));
  }
  // D received m at t by any path (R10.1, R10.5 duplicates).
  void received(DeviceId d, MessageId id, sim::Time t);
  // The sender got an error (R10.2); the first reason counts.
  void bounced(MessageId id, BounceReason reason, sim::Time t);
  // A session or spool copy was destroyed (R10.3's fallback cause).
  void copy_destroyed(MessageId id, LossCause cause, DeviceId by, sim::Time t);
  // m may now be decidable (try it after this event). The message being
  // sent is tried by close_send; trying it again after the event would
  // find the same state and change nothing.
  void touch(MessageId id) {
    if (id != sending_) touched_.push_back(id);
  }
  // R7.3: the cursor of catch-up device d passed m unreceived at t; the loss
  // of access is the first of retention (or the cap's deletion), max age
  // and at_pass (R10.3).
  void cursor_passed(Fate& f, MessageId id, DeviceId d, sim::Time t, LossCause at_pass);

  // After each event: decide what was touched; sweep the in-flight fates
  // daily (time-driven losses of archive access have no event) or when
  // they have doubled, to bound memory.
  void after_event(sim::Time t) {
    if (!touched_.empty()) settle_touched(t);
    if (t >= next_sweep_ || fates_.size() > sweep_above_) sweep(t);
  }
  // Decides every remaining fate and checks R10.6 (std::logic_error naming
  // `strategy` on violation).
  void horizon(sim::Time t, StrategyKind strategy);

  const Ledger& ledger() const { return ledger_; }
  void record_fates() { ledger_.enable_log(); }
  std::optional<MessageFate> fate(MessageId id) const;

 private:
  bool archive_reachable(const Fate& f, MessageId id, const Message& m, sim::Time t) const;
  void loss_cause(const Fate& f, MessageId id, const Message& m, LossCause& cause, DeviceId& device) const;
  bool try_settle(MessageId id, Fate& f, sim::Time t, bool at_horizon);
  void settle(MessageId id, const Fate& f, const Message& m, sim::Time t, bool holds,
               bool at_horizon);
  void settle_touched(sim::Time t);
  void sweep(sim::Time t);
  void check_identity(StrategyKind strategy) const;

  const Devices& devices_;
  const World& world_;
  ServerFingerprint& fingerprint_;
  FlatMap<Fate> fates_;
  FlatMap<std::uint32_t> uncounted_copies_;  // copies of messages outside the counted window
  MessageId sending_ = FlatMap<Fate>::kEmpty;
  Fate sending_fate_;
  Ledger ledger_;
  std::vector<sim::Time> last_connect_;  // per device (R10.1)
  std::vector<MessageId> touched_;       // to try to settle after this event
  sim::Time next_sweep_ = 0;
  std::size_t sweep_above_ = 4096;  // twice the size after the last sweep, plus 4096
};

}  // namespace spoolsim::models

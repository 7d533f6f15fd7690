// `spoolsim timeline FILE`: runs one timeline (scenario.proto's Timeline,
// issue 13) through the server replica of its preset and prints the same
// per-message, per-device table as the real-server driver
// (tests/conformance/driver/table.mjs). `--emit-json` prints the timeline
// with the preset resolved instead, which the driver reads.
//
// The replica exposes no reception log, so the paths are read off its
// public state around each event: a Send to an online session is "live", a
// spool row popped at a connect is "offline", an unacked queue received at
// a resume is "sm-resend", and what the connect's catch-up fetched is "mam"
// (before "offline" when the client queries MAM before its presence).
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "models/server/replica.hpp"
#include "models/world/world.hpp"
#include "scenarios/loader.hpp"
#include "scenarios/loader_internal.hpp"
#include "sim/time.hpp"

namespace spoolsim::cli {
namespace {

namespace pb = ::spoolsim::scenario;
namespace m = ::spoolsim::models;
using scenarios::ScenarioError;

struct TimelineArgs {
  std::string file;
  bool emit_json = false;
  std::string preset;  // replaces the file's server.preset (one case, several servers)
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A timeline checked for names that exist (users, devices, message ids).
struct Names {
  std::map<std::string, m::UserId> users;
  std::map<std::string, std::size_t> devices;  // index in timeline.devices()
};

Names check(const pb::Timeline& t, const std::string& file) {
  Names n;
  for (int i = 0; i < t.users_size(); ++i) {
    if (!n.users.emplace(t.users(i).name(), static_cast<m::UserId>(i)).second || t.users(i).name().empty()) {
      throw ScenarioError(file + ": users[" + std::to_string(i) + "].name: empty or repeated \"" + t.users(i).name() + "\"");
    }
  }
  const auto user = [&](const std::string& name, const std::string& path) {
    if (!n.users.count(name)) throw ScenarioError(file + ": " + path + ": unknown user \"" + name + "\"");
  };
  for (int i = 0; i < t.users_size(); ++i) {
    for (const std::string& peer : t.users(i).roster()) user(peer, "users[" + t.users(i).name() + "].roster");
  }
  for (int i = 0; i < t.devices_size(); ++i) {
    user(t.devices(i).user(), "devices[" + std::to_string(i) + "].user");
    if (!n.devices.emplace(t.devices(i).name(), static_cast<std::size_t>(i)).second) {
      throw ScenarioError(file + ": devices[" + std::to_string(i) + "].name: repeated \"" + t.devices(i).name() + "\"");
    }
  }
  sim::Time last = 0;
  for (int i = 0; i < t.steps_size(); ++i) {
    const pb::TimelineStep& s = t.steps(i);
    const std::string path = "steps[" + std::to_string(i) + "]";
    const sim::Time at = sim::parse_duration(s.has_at() ? s.at() : "0s");
    if (at < last) throw ScenarioError(file + ": " + path + ".at: steps must come in time order");
    last = at;
    const std::string* device = s.has_login()   ? &s.login()
                                : s.has_close() ? &s.close()
                                : s.has_drop()  ? &s.drop()
                                : s.has_stall() ? &s.stall()
                                                : nullptr;
    if (device && !n.devices.count(*device)) throw ScenarioError(file + ": " + path + ": unknown device \"" + *device + "\"");
    if (s.has_send()) {
      user(s.send().from(), path + ".send.from");
      user(s.send().to(), path + ".send.to");
    }
    if (!device && !s.has_send()) throw ScenarioError(file + ": " + path + ": needs login, close, drop, stall or send");
  }
  // A server override must name the start of some preset, or it never applies.
  const std::vector<std::string> presets = scenarios::server_preset_names();
  for (int i = 0; i < t.server_overrides_size(); ++i) {
    const std::string& prefix = t.server_overrides(i).server();
    const bool names_one = !prefix.empty() && std::any_of(presets.begin(), presets.end(), [&](const std::string& p) {
      return p.rfind(prefix, 0) == 0;
    });
    if (!names_one) {
      throw ScenarioError(file + ": server_overrides[" + std::to_string(i) + "].server: \"" + prefix +
                          "\" starts no server preset's name; allowed: a preset name or its start (\"ejabberd\", \"prosody-13\")");
    }
  }
  return n;
}

// The scenario the replica runs: the timeline's server block, one client
// profile per device, and phases that count every send.
std::string scenario_text(const pb::Timeline& t, sim::Time last_step) {
  const sim::Duration settle = sim::parse_duration(t.has_settle() ? t.settle() : "1s");
  const sim::Duration tail = settle + 2 * sim::kMinute;
  std::ostringstream s;
  s << "name: \"timeline-" << t.name() << "\"\nseed: 1\nreplications: 1\nwarmup: \"0s\"\n"
    << "horizon: \"" << (last_step + tail) / sim::kMillisecond << "ms\"\n"
    << "drain: \"" << (tail - sim::kMillisecond) / sim::kMillisecond << "ms\"\n"
    << "population { users: " << std::max(50, t.users_size()) << " client_mix { profile: \"d0\" weight: 1 } }\n";
  for (int i = 0; i < t.devices_size(); ++i) {
    pb::ClientProfile c = t.devices(i).client();
    c.set_name("d" + std::to_string(i));
    // The driver reads the device's field; the replica the profile's (R7.2).
    if (t.devices(i).has_mam_before_presence()) c.set_mam_before_presence(t.devices(i).mam_before_presence());
    s << "clients {\n" << scenarios::detail::print_text(c) << "}\n";
  }
  if (t.devices_size() == 0) s << "clients { name: \"d0\" }\n";
  s << "server {\n" << scenarios::detail::print_text(t.server()) << "}\n";
  return s.str();
}

m::MamDefault mam_default_of(const std::string& name, m::MamDefault server) {
  if (name == "always") return m::MamDefault::Always;
  if (name == "roster") return m::MamDefault::Roster;
  if (name == "never") return m::MamDefault::Never;
  return server;
}

struct OpLog : m::SpoolTraceSink {
  std::vector<m::SpoolOperation> ops;
  void record(std::uint32_t, m::StrategyKind, const m::SpoolOperation& op) override { ops.push_back(op); }
};

class TimelineRun {
 public:
  TimelineRun(const pb::Timeline& t, const Names& names, const m::Scenario& s) : t_(t), names_(names), s_(s) {
    // Devices of a user are contiguous: order them by user.
    std::vector<m::User> users(static_cast<std::size_t>(t.users_size()));
    std::vector<m::Device> devices;
    for (int u = 0; u < t.users_size(); ++u) {
      users[static_cast<std::size_t>(u)].first_device = static_cast<m::DeviceId>(devices.size());
      users[static_cast<std::size_t>(u)].mam_default = mam_default_of(t.users(u).mam_default(), s.server.mam.default_mode);
      for (int d = 0; d < t.devices_size(); ++d) {
        if (t.devices(d).user() != t.users(u).name()) continue;
        device_of_[t.devices(d).name()] = static_cast<m::DeviceId>(devices.size());
        labels_.push_back(t.devices(d).user() + "/" + t.devices(d).name());
        devices.push_back(m::Device{static_cast<m::UserId>(u), static_cast<std::uint8_t>(users[static_cast<std::size_t>(u)].device_count),
                                    static_cast<m::ProfileIndex>(d)});
        ++users[static_cast<std::size_t>(u)].device_count;
      }
    }
    std::vector<m::Edge> edges;
    for (int u = 0; u < t.users_size(); ++u) {
      for (const std::string& peer : t.users(u).roster()) {
        edges.push_back(m::Edge::mutual(static_cast<m::UserId>(u), names_.users.at(peer)));
      }
    }
    // A roster entry listed by one side only is `to` for its owner and `from` for the peer.
    for (auto& e : edges) {
      const bool mutual = std::any_of(edges.begin(), edges.end(), [&](const m::Edge& o) { return o.a == e.b && o.b == e.a; });
      if (!mutual) e = m::Edge::one_way(e.a, e.b);
    }
    world_ = std::make_unique<m::World>(s_, std::move(users), std::move(devices),
                                        m::ContactGraph::from_edges(static_cast<std::uint32_t>(t.users_size()), edges));
    const m::StrategyKind kind = s_.server.bind2_offline_strategy.value_or(m::StrategyKind::Deliver);
    replica_ = std::make_unique<m::Replica>(*world_, kind, 0, &log_);
    queue_.resize(labels_.size());
    orphan_.resize(labels_.size());
    connection_.assign(labels_.size(), 0);
    spool_.resize(static_cast<std::size_t>(t.users_size()));
  }

  void run() {
    std::vector<m::WorldEvent> timers;  // server timers after the device's drop
    for (const pb::TimelineStep& step : t_.steps()) {
      const sim::Time at = sim::parse_duration(step.has_at() ? step.at() : "0s");
      fire_timers(timers, at);
      if (step.has_send()) {
        send(step.send(), at);
      } else {
        const bool login = step.has_login();
        const m::DeviceId d = device_of_.at(login           ? step.login()
                                            : step.has_close() ? step.close()
                                            : step.has_drop()  ? step.drop()
                                                               : step.stall());
        if (login) {
          connect(d, at);
        } else {
          const bool abrupt = step.has_drop() || step.has_stall();
          apply(m::WorldEvent{at, m::WorldEventKind::Disconnect, abrupt, d, connection_[d], 0});
          // A drop on loopback: the server sees the socket close at once. A
          // stall: it notices only by its own timers (R7.4).
          if (abrupt) {
            const sim::Duration detect = step.has_stall() ? detect_delay(d) : 0;
            timers.push_back(m::WorldEvent{at + detect, m::WorldEventKind::ZombieDetected, false, d, connection_[d], 0});
            timers.push_back(m::WorldEvent{at + detect + s_.server.stream_management.resume_timeout,
                                           m::WorldEventKind::ResumeExpired, false, d, connection_[d], 0});
          }
        }
      }
    }
    fire_timers(timers, s_.horizon);
    apply(m::WorldEvent{s_.horizon, m::WorldEventKind::Horizon, false, 0, 0, 0});
  }

  std::string table(const std::string& server) const {
    std::ostringstream out;
    out << "# timeline " << t_.name() << " on " << server << "\n";
    std::vector<m::UserId> recipients;
    for (std::size_t i = 0; i < ids_.size(); ++i) {
      const m::Message& msg = world_->message(static_cast<m::MessageId>(i));
      for (m::DeviceId d = 0; d < labels_.size(); ++d) {
        if (world_->devices()[d].user != msg.recipient) continue;
        std::string paths;
        for (const auto& r : receptions_) {
          if (r.message == i && r.device == d) paths += (paths.empty() ? "" : "+") + r.path;
        }
        out << ids_[i] << " " << labels_[d] << " " << (paths.empty() ? "-" : paths) << "\n";
      }
      out << ids_[i] << " error " << (bounced_.count(static_cast<m::MessageId>(i)) ? "bounced" : "-") << "\n";
      if (std::find(recipients.begin(), recipients.end(), msg.recipient) == recipients.end()) recipients.push_back(msg.recipient);
    }
    for (const m::UserId u : recipients) {
      std::string spool, archive;
      for (const m::MessageId id : spool_[u]) spool += (spool.empty() ? "" : " ") + ids_[id];
      for (const m::ArchiveEntry& e : world_->archive_of(u)) archive += (archive.empty() ? "" : " ") + ids_[e.message];
      out << "spool " << t_.users(static_cast<int>(u)).name() << " " << (spool.empty() ? "-" : spool) << "\n";
      out << "archive " << t_.users(static_cast<int>(u)).name() << " " << (archive.empty() ? "-" : archive) << "\n";
    }
    return out.str();
  }

 private:
  struct Reception {
    m::MessageId message;
    m::DeviceId device;
    std::string path;
  };

  // R7.4: how long the server takes to notice a stalled device: ack_timeout
  // with stream management, else zombie_detect_delay (its value when
  // constant, its mean otherwise: a timeline draws nothing).
  sim::Duration detect_delay(m::DeviceId d) const {
    if (world_->profile_of(d).stream_management && s_.server.stream_management.enabled)
      return s_.server.stream_management.ack_timeout;
    const sim::Distribution& delay = s_.server.zombie_detect_delay;
    const double us = delay.kind == sim::Distribution::Kind::Constant ? delay.a : delay.mean();
    return std::isfinite(us) && us < static_cast<double>(sim::kNever / 2) ? static_cast<sim::Duration>(us) : sim::kNever / 2;
  }

  void apply(const m::WorldEvent& e) {
    log_.ops.clear();
    // Orphans due by this event end before it (Replica::apply): what they
    // route again reaches the sessions online now.
    online_.assign(labels_.size(), false);
    for (m::DeviceId d = 0; d < labels_.size(); ++d) online_[d] = replica_->session(d).state == m::SessionState::Online;
    replica_->apply(e);
    settle_orphans();
  }

  // R7.5 leave_archived_to_mam: a terminated session of a catch-up device
  // routes none of its archived messages again (Prosody's mod_smacks).
  bool left_to_archive(m::DeviceId d, m::MessageId id) const {
    return s_.server.stream_management.leave_archived_to_mam && world_->profile_of(d).mam_catchup &&
           s_.server.mam.enabled && world_->message(id).archived();
  }

  // R7.2/R7.5: an orphaned session ended (its timeout): what it routed
  // again landed in the spool or, resent with a delay stamp, reached R's
  // online sessions (the device's new one among them); the rest was
  // dropped (archived) or bounced.
  void settle_orphans() {
    for (m::DeviceId d = 0; d < orphan_.size(); ++d) {
      if (orphan_[d].empty() || replica_->orphan_queue_size(d) > 0) continue;
      const m::UserId u = world_->devices()[d].user;
      std::uint32_t inserted = 0;
      for (const auto& op : log_.ops) inserted += op.kind == m::StoreOp::Insert && op.user == u ? op.rows : 0;
      const auto& sm = s_.server.stream_management;
      const bool resent = sm.resend_on_timeout == m::ResendOnTimeout::True;
      // R7.5 bounce_if_other_session: an orphan always has another session
      // (the device's new one), so if_offline bounces archived messages too.
      const bool bounce_all = sm.bounce_if_other_session && sm.resend_on_timeout == m::ResendOnTimeout::IfOffline;
      for (const m::MessageId id : orphan_[d]) {
        if (left_to_archive(d, id)) continue;
        if (inserted > 0) {
          spool_[u].push_back(id);
          --inserted;
        } else if (resent) {
          // R7.5 resend_while_registered: at the top priority, twice each.
          const int own = world_->profile_of(d).presence_priority;
          bool twice = sm.resend_while_registered && own >= 0;
          for (m::DeviceId o = 0; o < labels_.size(); ++o)
            if (online_[o] && world_->devices()[o].user == u && world_->profile_of(o).presence_priority > own)
              twice = false;
          for (m::DeviceId o = 0; o < labels_.size(); ++o)
            if (online_[o] && world_->devices()[o].user == u)
              for (int k = twice ? 2 : 1; k > 0; --k) receptions_.push_back({id, o, "offline"});
        } else if (bounce_all || !world_->message(id).archived()) {
          bounced_.insert(id);
        }
      }
      orphan_[d].clear();
    }
  }

  void fire_timers(std::vector<m::WorldEvent>& timers, sim::Time until) {
    std::stable_sort(timers.begin(), timers.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
    while (!timers.empty() && timers.front().time <= until) {
      const m::WorldEvent e = timers.front();
      timers.erase(timers.begin());
      const m::UserId u = world_->devices()[e.device].user;
      apply(e);
      requeue_to_spool(e.device, u);
    }
  }

  // R7.5 resend: a terminated queue goes back through routing; its rows
  // land in the spool in queue order.
  void requeue_to_spool(m::DeviceId d, m::UserId u) {
    for (const auto& op : log_.ops) {
      if (op.kind != m::StoreOp::Insert || op.user != u) continue;
      for (std::uint32_t k = 0; k < op.rows; ++k) {
        while (!queue_[d].empty() && left_to_archive(d, queue_[d].front())) queue_[d].pop_front();
        if (queue_[d].empty()) break;
        spool_[u].push_back(queue_[d].front());
        queue_[d].pop_front();
      }
    }
    if (replica_->queue_size(d) == 0) queue_[d].clear();
  }

  void send(const pb::TimelineSend& send, sim::Time at) {
    const m::UserId from = names_.users.at(send.from());
    const m::UserId to = names_.users.at(send.to());
    const m::MessageId id = world_->send(at, from, to, 400, send.no_store(), false, 0);
    ids_.push_back(send.id());
    std::vector<m::SessionState> before;
    std::vector<bool> orphaned;
    for (m::DeviceId d = 0; d < labels_.size(); ++d) {
      before.push_back(replica_->session(d).state);
      orphaned.push_back(replica_->has_orphan(d));
    }
    apply(m::WorldEvent{at, m::WorldEventKind::Send, false, 0, 0, id});
    bool reached = false;
    for (m::DeviceId d = 0; d < labels_.size(); ++d) {
      if (world_->devices()[d].user != to) continue;
      if (orphaned[d] && replica_->has_orphan(d)) {  // the old resource's queue (R7.2)
        orphan_[d].push_back(id);
        while (orphan_[d].size() > replica_->orphan_queue_size(d)) orphan_[d].pop_front();
        reached = true;
      }
      if (before[d] == m::SessionState::Online) {
        receptions_.push_back({id, d, "live"});
        reached = true;
      } else if (replica_->session(d).state != m::SessionState::None && replica_->session(d).stream_management &&
                 before[d] != m::SessionState::Online) {
        // Queued; a ring beyond max_ack_queue dropped its oldest (R7.5), a
        // terminated queue is empty.
        queue_[d].push_back(id);
        while (queue_[d].size() > replica_->queue_size(d)) queue_[d].pop_front();
        reached = true;
      } else if (before[d] != m::SessionState::None) {
        reached = true;  // a zombie without stream management swallowed it
      }
    }
    bool stored = false;
    for (const auto& op : log_.ops) stored = stored || (op.kind == m::StoreOp::Insert && op.user == to);
    if (stored) spool_[to].push_back(id);
    // R6.4: with offline storage off, or a full store where the archive
    // handles it (Prosody), an archived message gets no error.
    const bool handled_by_archive =
        world_->message(id).archived() && (!s_.server.offline.enabled || !s_.server.offline.full_store_bounces_archived);
    if (!reached && !stored && !handled_by_archive) bounced_.insert(id);
  }

  void connect(m::DeviceId d, sim::Time at) {
    const m::UserId u = world_->devices()[d].user;
    const std::uint64_t cursor_before = replica_->cursor_end(d);
    const std::uint32_t queue_before = replica_->queue_size(d);
    const bool orphan_before = replica_->has_orphan(d);
    apply(m::WorldEvent{at, m::WorldEventKind::Connect, false, d, ++connection_[d], 0});
    // R7.2: a new resource; the previous session and its queue live on.
    if (!orphan_before && replica_->has_orphan(d)) {
      orphan_[d] = std::move(queue_[d]);
      queue_[d].clear();
    }
    const bool resumed = queue_before > 0 && replica_->queue_size(d) == 0 && log_.ops.empty() &&
                         replica_->cursor_end(d) >= cursor_before && !queue_[d].empty();
    if (resumed) {
      for (const m::MessageId id : queue_[d]) receptions_.push_back({id, d, "sm-resend"});
      queue_[d].clear();
      return;
    }
    // A replaced session's queue (R7.5): routed again to the new session
    // (received with a delay stamp, as an offline message) or dropped.
    if (queue_before > 0 && s_.server.stream_management.resend_on_timeout != m::ResendOnTimeout::False) {
      for (const m::MessageId id : queue_[d])
        if (!left_to_archive(d, id)) receptions_.push_back({id, d, "offline"});
    }
    queue_[d].clear();
    std::vector<Reception> flushed;
    for (const auto& op : log_.ops) {
      if (op.user != u) continue;
      for (std::uint32_t k = 0; k < op.rows && !spool_[u].empty(); ++k) {
        const m::MessageId id = spool_[u].front();
        spool_[u].pop_front();
        if (op.kind == m::StoreOp::Pop) flushed.push_back({id, d, "offline"});
      }
    }
    // The catch-up of this connect (R7.3); its entries may repeat flushed
    // ones (R10.5), and it comes first when the query precedes the presence.
    const m::ClientProfile& p = world_->profile_of(d);
    std::vector<Reception> fetched;
    if (p.mam_catchup && s_.server.mam.enabled) {
      for (const m::MessageId id : replica_->last_catch_up()) fetched.push_back({id, d, "mam"});
    }
    if (p.mam_before_presence) std::swap(flushed, fetched);
    receptions_.insert(receptions_.end(), flushed.begin(), flushed.end());
    receptions_.insert(receptions_.end(), fetched.begin(), fetched.end());
  }

  const pb::Timeline& t_;
  const Names& names_;
  const m::Scenario& s_;
  std::unique_ptr<m::World> world_;
  std::unique_ptr<m::Replica> replica_;
  OpLog log_;
  std::map<std::string, m::DeviceId> device_of_;
  std::vector<std::string> labels_;                 // "user/device" per DeviceId
  std::vector<std::string> ids_;                    // message names per MessageId
  std::vector<std::deque<m::MessageId>> queue_;     // mirror of each unacked queue
  std::vector<std::deque<m::MessageId>> orphan_;    // ... and of each orphan's (R7.2)
  std::vector<bool> online_;                          // sessions online before the event applied
  std::vector<std::deque<m::MessageId>> spool_;     // mirror of each user's spool
  std::vector<std::uint32_t> connection_;
  std::vector<Reception> receptions_;
  std::set<m::MessageId> bounced_;
};

void timeline(const TimelineArgs& args) {
  pb::Timeline t;
  scenarios::detail::parse_text_into(read_file(args.file), args.file, t);
  if (!args.preset.empty()) t.mutable_server()->set_preset(args.preset);
  // Settings of one server only (an option the other server lacks).
  const std::string preset = t.server().preset();
  for (const pb::TimelineServerOverride& o : t.server_overrides()) {
    if (o.server().empty() || preset.rfind(o.server(), 0) != 0) continue;
    scenarios::detail::overlay(*t.mutable_server(), o.settings());
    t.mutable_server()->set_preset(preset);
  }
  const Names names = check(t, args.file);
  sim::Time last = 0;
  for (const auto& s : t.steps()) last = std::max(last, sim::parse_duration(s.has_at() ? s.at() : "0s"));
  const scenarios::LoadedScenario loaded = scenarios::load_scenario_text(scenario_text(t, last), args.file);
  if (args.emit_json) {
    pb::Scenario resolved;
    scenarios::detail::parse_text_into(loaded.resolved_textproto, args.file, resolved);
    pb::Timeline out = t;
    *out.mutable_server() = resolved.server();
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(out, &json, options);
    std::cout << json << "\n";
    return;
  }
  TimelineRun run(t, names, loaded.scenario);
  run.run();
  std::cout << run.table("spoolsim " + (loaded.scenario.server.preset.empty() ? std::string("generic") : loaded.scenario.server.preset));
}

void setup_timeline(CLI::App& app) {
  auto args = std::make_shared<TimelineArgs>();
  CLI::App* cmd = app.add_subcommand(
      "timeline", "Run one timeline (tests/conformance/cases) through the preset's server replica; print what each device received");
  cmd->add_option("FILE", args->file, "Timeline file (protobuf text format, scenario.proto's Timeline)")->required();
  cmd->add_flag("--emit-json", args->emit_json, "Print the timeline with its server preset resolved, as JSON (for the real-server driver)");
  cmd->add_option("--preset", args->preset, "Server preset to use instead of the file's server.preset");
  cmd->callback([args] { timeline(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(65, setup_timeline)

}  // namespace spoolsim::cli

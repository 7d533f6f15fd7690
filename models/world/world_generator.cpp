// The world's timeline: presence (R3), disconnects and detection timers
// (R7.4), traffic (R4), in the order of R1.2. Choices where the rules
// leave room are marked in docs/model.md.
#include "models/world/world_generator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/world/population.hpp"
#include "sim/round.hpp"

namespace spoolsim::models {
namespace {

void check_diurnal(const Diurnal& f, const std::string& what) {
  if (f.empty()) return;
  double sum = 0.0;
  for (double x : f) {
    if (!(x >= 0.0) || !std::isfinite(x))
      throw std::invalid_argument(what + ": diurnal factors must be finite and non-negative");
    sum += x;
  }
  if (f.size() != 24 || !(sum > 0.0))
    throw std::invalid_argument(what + ": a diurnal profile has 24 hourly factors with a positive sum");
}

sim::Duration to_duration(double us) {
  if (!(us > 0.0)) return 0;
  if (us >= 4e18) return std::int64_t{4'000'000'000'000'000'000};
  return static_cast<sim::Duration>(sim::round_half_away(us));
}

double standard_normal(sim::RandomStream& rng) {  // Box-Muller, one value
  const double u1 = rng.uniform01();
  const double u2 = rng.uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double gamma_draw(double shape, sim::RandomStream& rng) {  // Marsaglia-Tsang, shape >= 1
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = standard_normal(rng);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = rng.uniform01();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

}  // namespace

double WorldGenerator::stationary_online_share(const ClientProfile& p) {
  const double on = p.online_duration.mean();
  const double off = p.offline_duration.mean();
  const bool on_ok = std::isfinite(on) && on >= 0.0;
  const bool off_ok = std::isfinite(off) && off >= 0.0;
  if (on_ok && off_ok) return on + off > 0.0 ? on / (on + off) : 0.5;
  if (on_ok) return 0.0;   // offline periods are infinitely long on average
  if (off_ok) return 1.0;  // online periods are
  return 0.5;
}

double WorldGenerator::sample_residual(const sim::Distribution& d, sim::RandomStream& rng) {
  // The stationary forward recurrence time is V * X*, V uniform and X* the
  // length-biased version of X (density x f(x) / E[X]).
  using K = sim::Distribution::Kind;
  double biased = 0.0;
  switch (d.kind) {
    case K::Exponential: return d.sample(rng);  // memoryless
    case K::Constant: biased = d.a; break;
    case K::Uniform: {
      const double u = rng.uniform01();
      biased = std::sqrt(d.a * d.a + u * (d.b * d.b - d.a * d.a));
      break;
    }
    case K::Lognormal:  // lognormal(mu + sigma^2, sigma)
      biased = std::exp(d.a + d.b * d.b + d.b * standard_normal(rng));
      break;
    case K::Pareto:  // Pareto(scale, shape - 1); no finite mean: a fresh draw
      if (!(d.b > 1.0)) return d.sample(rng);
      biased = d.a * std::pow(rng.uniform01(), -1.0 / (d.b - 1.0));
      break;
    case K::Weibull:  // X* = scale * G^(1/k), G ~ Gamma(1 + 1/k)
      biased = d.a * std::pow(gamma_draw(1.0 + 1.0 / d.b, rng), 1.0 / d.b);
      break;
    case K::Empirical: {  // value i with weight v_i p_i
      double total = 0.0;
      double prev = 0.0;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        total += std::max(0.0, d.values[i]) * (d.cumulative[i] - prev);
        prev = d.cumulative[i];
      }
      if (!(total > 0.0)) return 0.0;
      double x = rng.uniform01() * total;
      prev = 0.0;
      biased = d.values.empty() ? 0.0 : d.values.back();
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        x -= std::max(0.0, d.values[i]) * (d.cumulative[i] - prev);
        prev = d.cumulative[i];
        if (x < 0.0) {
          biased = d.values[i];
          break;
        }
      }
      break;
    }
  }
  return rng.uniform01() * biased;
}

sim::Time WorldGenerator::diurnal_advance(sim::Time t, double work, const Diurnal& f) {
  if (f.empty()) return t + to_duration(work);
  // Hours of the day are [h, h+1) hours after midnight; time 0 is midnight.
  double day_work = 0.0;
  for (double x : f) day_work += x * static_cast<double>(sim::kHour);
  double at = static_cast<double>(t);
  for (int guard = 0; work > 0.0 && guard < 100000; ++guard) {
    const auto hour_start = (static_cast<sim::Time>(at) / sim::kHour) * sim::kHour;
    const auto h = static_cast<std::size_t>((hour_start / sim::kHour) % 24);
    if (h == 0 && static_cast<double>(hour_start) == at && work > day_work) {
      const double days = std::floor(work / day_work);  // skip whole days
      at += days * static_cast<double>(sim::kDay);
      work -= days * day_work;
      continue;
    }
    const double end = static_cast<double>(hour_start + sim::kHour);
    const double capacity = f[h] * (end - at);
    if (work <= capacity) {
      at += work / f[h];
      work = 0.0;
    } else {
      work -= capacity;
      at = end;
    }
  }
  if (at >= 4e18) return std::int64_t{4'000'000'000'000'000'000};
  return std::max(t, static_cast<sim::Time>(sim::round_half_away(at)));
}

double WorldGenerator::candidate_rate_for_sent(double sent, const std::vector<const ClientProfile*>& devices,
                                               bool sender_must_be_online) {
  if (!sender_must_be_online) return sent;
  double all_offline = 1.0;
  for (const ClientProfile* p : devices) all_offline *= 1.0 - stationary_online_share(*p);
  const double online = 1.0 - all_offline;
  return online > 0.0 ? sent / online : 0.0;
}

WorldGenerator::WorldGenerator(World& world, std::uint32_t replication)
    : world_(world), scenario_(world.scenario()) {
  const Scenario& s = scenario_;
  for (const auto& p : s.clients) check_diurnal(p.diurnal, "client profile '" + p.name + "'");
  check_diurnal(s.traffic.diurnal, "traffic");
  traffic_diurnal_ = s.traffic.diurnal;
  traffic_peak_ = 1.0;
  if (!traffic_diurnal_.empty()) {
    traffic_peak_ = *std::max_element(traffic_diurnal_.begin(), traffic_diurnal_.end());
  }
  send_end_ = s.horizon - s.drain;
  both_sm_enabled_ = s.server.stream_management.enabled;
  const double rate_per_day = s.traffic.messages_per_user_per_day * traffic_peak_;
  candidate_gap_us_ = rate_per_day > 0.0 ? static_cast<double>(sim::kDay) / rate_per_day : 0.0;

  // R3: every device starts in its stationary state. Initially online devices
  // connect at time 0 (payload = residual online time + 1); the others
  // connect after a residual offline time.
  const auto& devices = world.devices();
  devices_.reserve(devices.size());
  for (DeviceId d = 0; d < devices.size(); ++d) {
    const Device& dev = devices[d];
    devices_.push_back(DeviceState{
        sim::RandomStream(s.seed, replication, stream_key::device(dev.user, dev.slot), stream_key::Presence),
        sim::RandomStream(s.seed, replication, stream_key::device(dev.user, dev.slot),
                          stream_key::DisconnectKind)});
    DeviceState& st = devices_.back();
    const ClientProfile& p = world.profile_of(d);
    const bool starts_online = st.presence.bernoulli(stationary_online_share(p));
    if (starts_online) {
      const sim::Duration residual = to_duration(sample_residual(p.online_duration, st.presence));
      calendar_.schedule(0, sim::KindClass::World, Toggle, d, static_cast<std::uint64_t>(residual) + 1);
    } else {
      const double residual = sample_residual(p.offline_duration, st.presence);
      calendar_.schedule(diurnal_advance(0, residual, p.diurnal), sim::KindClass::World, Toggle, d, 0);
    }
  }
  // R4.1: every user's candidate gap. A stated sent rate gives each user the
  // candidate rate solved from its own devices' online probability.
  const auto& sent = s.traffic.sent_messages_per_user_per_day;
  std::vector<double> user_gap_us(world.users().size(), candidate_gap_us_);
  std::vector<const ClientProfile*> profiles;
  // Memory: reserve the expected number of messages: per user, the sent rate
  // x sending window (stated, or the candidate rate x P(some device online)
  // under the stationary state), plus a margin; a busier run only makes the
  // ledger grow as usual.
  double expected = 0.0;
  const double window_days = static_cast<double>(std::max<sim::Time>(send_end_, 0)) / static_cast<double>(sim::kDay);
  for (UserId u = 0; u < world.users().size(); ++u) {
    profiles.clear();
    for (DeviceId d = world.users()[u].first_device;
         d < world.users()[u].first_device + world.users()[u].device_count; ++d)
      profiles.push_back(&world.profile_of(d));
    if (sent) {
      const double rate = candidate_rate_for_sent(*sent, profiles, s.traffic.sender_must_be_online) * traffic_peak_;
      user_gap_us[u] = rate > 0.0 ? static_cast<double>(sim::kDay) / rate : 0.0;
      expected += user_gap_us[u] > 0.0 ? *sent * window_days : 0.0;
    } else if (candidate_gap_us_ > 0.0) {
      double all_offline = 0.0;
      if (s.traffic.sender_must_be_online) {
        all_offline = 1.0;
        for (const ClientProfile* p : profiles) all_offline *= 1.0 - stationary_online_share(*p);
      }
      expected += s.traffic.messages_per_user_per_day * window_days * (1.0 - all_offline);
    }
  }
  if (expected > 0.0) {
    const double margin = 1.02 * expected + 4.0 * std::sqrt(expected) + 1024.0;
    if (margin < 4e9) world.reserve_messages(world.message_count() + static_cast<std::size_t>(margin));
  }
  users_.reserve(world.users().size());
  for (UserId u = 0; u < world.users().size(); ++u) {
    users_.push_back(UserState{
        sim::RandomStream(s.seed, replication, stream_key::user(u), stream_key::Arrivals),
        sim::RandomStream(s.seed, replication, stream_key::user(u), stream_key::Content), user_gap_us[u]});
    schedule_candidate(u, 0);
  }
}

void WorldGenerator::schedule_candidate(UserId u, sim::Time after) {
  // R4.1: Poisson candidates at the peak diurnal rate, thinned when they fire.
  if (users_[u].candidate_gap_us <= 0.0) return;
  const double gap = -std::log(users_[u].arrivals.uniform01()) * users_[u].candidate_gap_us;
  const double at = static_cast<double>(after) + gap;
  if (at >= static_cast<double>(send_end_)) return;  // R1.5: nobody sends in the drain
  calendar_.schedule(static_cast<sim::Time>(sim::round_half_away(at)), sim::KindClass::World, Candidate, u);
}

bool WorldGenerator::next(WorldEvent& out) {
  if (done_) return false;
  while (!calendar_.empty()) {
    // Pop without a top() first: the event at or after the horizon that ends
    // the loop is dropped with the rest, which never happen (R1.5).
    const sim::Event e = calendar_.pop();
    if (e.time >= scenario_.horizon) break;
    now_ = e.time;
    bool emitted = false;
    switch (e.kind) {
      case Toggle: emitted = toggle(e, out); break;
      case Candidate: emitted = candidate(e, out); break;
      case ZombieTimer:
      case ResumeTimer: {
        DeviceState& st = devices_[e.entity];
        out = WorldEvent{};
        out.time = e.time;
        out.kind = e.kind == ZombieTimer ? WorldEventKind::ZombieDetected : WorldEventKind::ResumeExpired;
        out.device = e.entity;
        out.connection = static_cast<std::uint32_t>(e.payload);
        if (e.kind == ResumeTimer) st.timers = false;
        emitted = true;
        break;
      }
      default: break;
    }
    if (emitted) {
      emit(out);
      return true;
    }
  }
  // R1.5: the run ends at the horizon; later events never happen.
  now_ = scenario_.horizon;
  out = WorldEvent{};
  out.time = scenario_.horizon;
  out.kind = WorldEventKind::Horizon;
  emit(out);
  done_ = true;
  return true;
}

bool WorldGenerator::toggle(const sim::Event& e, WorldEvent& out) {
  const DeviceId d = e.entity;
  DeviceState& st = devices_[d];
  const Device& device = world_.devices()[d];
  const ClientProfile& p = scenario_.clients[device.profile];  // World::profile_of, inline
  UserState& user = users_[device.user];
  out = WorldEvent{};
  out.time = e.time;
  out.device = d;
  if (!st.online) {
    // Connect: a new connection; timers of the previous one are moot (the
    // replica resumes or replaces that session, R7.1/R7.2).
    if (st.timers) {
      calendar_.cancel(st.zombie_timer);
      calendar_.cancel(st.resume_timer);
      st.timers = false;
    }
    st.online = true;
    ++st.connection;
    ++user.online_devices;
    const sim::Duration on = e.payload > 0 ? static_cast<sim::Duration>(e.payload - 1)
                                           : to_duration(p.online_duration.sample(st.presence));
    calendar_.schedule(e.time + std::max<sim::Duration>(on, 1), sim::KindClass::World, Toggle, d);
    out.kind = WorldEventKind::Connect;
    out.connection = st.connection;
    return true;
  }
  // Disconnect (R7.4): clean or abrupt; abrupt ones start the server's timers.
  st.online = false;
  --user.online_devices;
  const bool abrupt = p.abrupt_disconnect_share > 0.0 && st.disconnect.bernoulli(p.abrupt_disconnect_share);
  // The next connect first (its own stream, so no draw moves): a timer due
  // at or after it would only be cancelled by it (at one instant world events
  // run first, R1.2), so it is never scheduled. Leaving out an event that
  // never runs keeps every other event's scheduling order, hence R1.2's order.
  const double off = p.offline_duration.sample(st.presence);
  const sim::Time back = std::max(diurnal_advance(e.time, off, p.diurnal), e.time + 1);
  if (abrupt) {
    const bool sm = both_sm_enabled_ && p.stream_management;
    const sim::Duration detect = sm ? scenario_.server.stream_management.ack_timeout
                                    : to_duration(scenario_.server.zombie_detect_delay.sample(st.disconnect));
    const sim::Time zombie_at = e.time + detect;
    st.zombie_timer = 0;
    st.resume_timer = 0;
    if (zombie_at < back)
      st.zombie_timer = calendar_.schedule(zombie_at, sim::KindClass::Server, ZombieTimer, d, st.connection);
    if (sm) {
      const sim::Time resume_at = zombie_at + scenario_.server.stream_management.resume_timeout;
      if (resume_at < back)
        st.resume_timer = calendar_.schedule(resume_at, sim::KindClass::Server, ResumeTimer, d, st.connection);
    }
    st.timers = st.zombie_timer != 0 || st.resume_timer != 0;
  }
  calendar_.schedule(back, sim::KindClass::World, Toggle, d);
  out.kind = WorldEventKind::Disconnect;
  out.abrupt = abrupt;
  out.connection = st.connection;
  return true;
}

bool WorldGenerator::candidate(const sim::Event& e, WorldEvent& out) {
  const UserId from = e.entity;
  UserState& user = users_[from];
  bool accept = true;
  if (!traffic_diurnal_.empty()) {  // thinning: keep with probability f(hour) / peak
    if (e.time >= thinning_hour_end_) {  // events come in time order: the factor changes hourly
      const sim::Time hours = e.time / sim::kHour;
      thinning_hour_end_ = (hours + 1) * sim::kHour;
      thinning_factor_ = traffic_diurnal_[static_cast<std::size_t>(hours % 24)];
    }
    accept = user.arrivals.uniform01() * traffic_peak_ < thinning_factor_;
  }
  schedule_candidate(from, e.time);
  if (!accept) return false;
  if (scenario_.traffic.sender_must_be_online && user.online_devices == 0) {
    ++skipped_offline_;  // R4.1: not a message
    return false;
  }
  UserId to = 0;
  if (!pick_recipient(from, user, to)) {
    ++skipped_no_recipient_;
    return false;
  }
  const Traffic& traffic = scenario_.traffic;
  const MamConfig& mam = scenario_.server.mam;
  const double size = std::round(traffic.size.sample(user.content));
  const auto size_bytes = static_cast<std::uint32_t>(
      std::isfinite(size) ? std::clamp(size, 1.0, 4294967295.0) : 1.0);
  const bool no_store = traffic.no_store_share > 0.0 && user.content.bernoulli(traffic.no_store_share);
  const bool failed = mam.failure_share > 0.0 && user.content.bernoulli(mam.failure_share);
  const sim::Duration lag = to_duration(mam.archive_lag.sample(user.content));
  const MessageId id = world_.send(e.time, from, to, size_bytes, no_store, failed, lag);
  out = WorldEvent{};
  out.time = e.time;
  out.kind = WorldEventKind::Send;
  out.message = id;
  return true;
}

bool WorldGenerator::pick_recipient(UserId from, UserState& user, UserId& to) {
  // R4.2: a stranger with probability stranger_share (always when the sender
  // has no contacts), else a uniformly random contact.
  const auto n = static_cast<std::uint64_t>(world_.users().size());
  const auto row = world_.contacts().contacts_of(from);
  const std::uint64_t strangers = n - 1 - row.size();
  bool stranger = row.empty();
  if (!stranger && scenario_.traffic.stranger_share > 0.0)
    stranger = user.content.bernoulli(scenario_.traffic.stranger_share);
  if (stranger && strangers == 0) stranger = false;  // everyone is a contact
  if (!stranger) {
    if (row.empty()) return false;
    to = row[user.content.below(row.size())].peer;
    return true;
  }
  // The k-th user (ascending ids) that is neither the sender nor a contact.
  std::uint64_t candidate = user.content.below(strangers);
  bool self_passed = false;
  std::size_t i = 0;
  for (;;) {
    const std::uint64_t next_contact = i < row.size() ? row[i].peer : n;
    const std::uint64_t next_excluded =
        self_passed ? next_contact : std::min<std::uint64_t>(next_contact, from);
    if (next_excluded > candidate) break;
    ++candidate;
    if (!self_passed && next_excluded == from && (i >= row.size() || from < row[i].peer)) {
      self_passed = true;
    } else {
      ++i;
    }
  }
  to = static_cast<UserId>(candidate);
  return true;
}

void WorldGenerator::emit(const WorldEvent& e) {
  ++events_;
  const auto kind = static_cast<std::uint32_t>(e.kind) * 2 + (e.abrupt ? 1 : 0);
  if (e.kind == WorldEventKind::Send) {
    const Message& m = world_.message(e.message);
    fingerprint_.fold(e.time, kind, (std::uint64_t{m.sender} << 32) | m.recipient);
    fingerprint_.fold(m.readable_at, m.flags, (std::uint64_t{m.size_bytes} << 32) | e.message);
  } else {
    fingerprint_.fold(e.time, kind, (std::uint64_t{e.device} << 32) | e.connection);
  }
}

}  // namespace spoolsim::models

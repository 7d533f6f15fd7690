// R13: which scenarios the analytic model covers, and what it predicts for
// them. docs/analytic.md derives each formula.
#include "analytic/presence_chain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

namespace spoolsim::models::analytic {

namespace {

const char* kind_name(sim::Distribution::Kind k) {
  switch (k) {
    case sim::Distribution::Kind::Constant: return "constant";
    case sim::Distribution::Kind::Exponential: return "exponential";
    case sim::Distribution::Kind::Lognormal: return "lognormal";
    case sim::Distribution::Kind::Weibull: return "weibull";
    case sim::Distribution::Kind::Pareto: return "pareto";
    case sim::Distribution::Kind::Uniform: return "uniform";
    case sim::Distribution::Kind::Empirical: return "empirical";
  }
  return "unknown";
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

bool is_diurnal(const Diurnal& d) {
  return std::any_of(d.begin(), d.end(), [](double f) { return std::abs(f - 1.0) > 1e-12; });
}

// Device count k with its probability; only k with positive probability.
struct CountShare {
  std::size_t devices = 0;
  double probability = 0.0;
};

// R2.1 device counts, or a problem description when the distribution is not
// a finite set of positive integers.
std::vector<CountShare> device_counts(const sim::Distribution& d, std::string& problem) {
  std::vector<CountShare> out;
  // As the population draw: rounded, at least 1.
  auto add = [&](double value, double p) {
    if (p <= 0.0) return;
    const double k = std::max(1.0, std::round(value));
    if (!std::isfinite(k) || k > static_cast<double>(kMaxChainDevices)) {
      problem = "device count " + number(value) + " exceeds the " + std::to_string(kMaxChainDevices) +
                " devices the chain supports";
      return;
    }
    const auto devices = static_cast<std::size_t>(k);
    for (auto& c : out) {
      if (c.devices == devices) {
        c.probability += p;
        return;
      }
    }
    out.push_back({devices, p});
  };
  if (d.kind == sim::Distribution::Kind::Constant) {
    add(d.a, 1.0);
  } else if (d.kind == sim::Distribution::Kind::Empirical) {
    double previous = 0.0;
    for (std::size_t i = 0; i < d.values.size() && i < d.cumulative.size(); ++i) {
      add(d.values[i], d.cumulative[i] - previous);
      previous = d.cumulative[i];
    }
    if (out.empty() && problem.empty()) problem = "empirical distribution without values";
  } else {
    problem = std::string(kind_name(d.kind)) + "; the analytic model needs constant or empirical counts";
  }
  return out;
}

// R2.2: the mix that draws device `slot` of a user; an empty mix means every
// profile equally likely (as the population draw does).
ClientMix slot_mix(const Scenario& s, std::size_t slot) {
  const Population& p = s.population;
  ClientMix mix = slot < p.device_slots.size() ? p.device_slots[slot] : p.client_mix;
  if (mix.empty()) {
    for (std::size_t i = 0; i < s.clients.size(); ++i) mix.push_back({static_cast<ProfileIndex>(i), 1.0});
  }
  return mix;
}

// Profiles drawn with positive weight in any slot a user can have.
std::vector<bool> profiles_in_use(const Scenario& s, std::size_t max_devices) {
  std::vector<bool> used(s.clients.size(), false);
  for (std::size_t slot = 0; slot < max_devices; ++slot) {
    for (const auto& w : slot_mix(s, slot)) {
      if (w.weight > 0.0 && w.profile < used.size()) used[w.profile] = true;
    }
  }
  return used;
}

std::string client_field(const ClientProfile& c, const char* field) {
  return "clients[" + c.name + "]." + field;
}

void check_duration(const ClientProfile& c, const sim::Distribution& d, const char* field,
                    std::vector<Violation>& out) {
  if (d.kind != sim::Distribution::Kind::Exponential) {
    out.push_back({client_field(c, field),
                   std::string(kind_name(d.kind)) + "; the analytic model needs exponential"});
  } else if (!(d.a > 0.0) || !std::isfinite(d.a)) {
    out.push_back({client_field(c, field), "exponential mean must be positive and finite"});
  }
}

double per_second(const sim::Distribution& exponential_us) {
  return static_cast<double>(sim::kSecond) / exponential_us.a;
}

}  // namespace

AssumptionError::AssumptionError(std::vector<Violation> v)
    : std::runtime_error([&] {
        std::string text = "scenario outside the analytic model's assumptions (R13):";
        for (const auto& x : v) text += "\n  " + x.to_string();
        return text;
      }()),
      violations(std::move(v)) {}

std::vector<Violation> check_assumptions(const Scenario& s) {
  std::vector<Violation> out;
  std::string count_problem;
  const auto counts = device_counts(s.population.devices_per_user, count_problem);
  if (!count_problem.empty()) out.push_back({"population.devices_per_user", count_problem});
  std::size_t max_devices = 0;
  for (const auto& c : counts) max_devices = std::max(max_devices, c.devices);

  for (std::size_t slot = 0; slot < max_devices; ++slot) {
    double total = 0.0;
    for (const auto& w : slot_mix(s, slot)) {
      if (w.profile >= s.clients.size()) {
        out.push_back({"population.client_mix", "profile index " + std::to_string(w.profile) + " is unknown"});
      } else if (w.weight > 0.0) {
        total += w.weight;
      }
    }
    if (!(total > 0.0)) {
      const bool pinned = slot < s.population.device_slots.size();
      out.push_back({pinned ? "population.device_slots[" + std::to_string(slot) + "]" : "population.client_mix",
                     "no profile with positive weight for device slot " + std::to_string(slot)});
    }
  }

  // Presence: exponential on/off, flat, no abrupt disconnects (so no zombies),
  // and every connect flushes the spool under deliver.
  const auto used = profiles_in_use(s, max_devices);
  bool catchup_in_use = false;
  for (std::size_t i = 0; i < s.clients.size(); ++i) {
    if (!used[i]) continue;
    const auto& c = s.clients[i];
    check_duration(c, c.online_duration, "online_duration", out);
    check_duration(c, c.offline_duration, "offline_duration", out);
    if (is_diurnal(c.diurnal)) out.push_back({client_field(c, "diurnal"), "a diurnal profile; the analytic model needs flat presence"});
    if (c.abrupt_disconnect_share > 0.0) {
      out.push_back({client_field(c, "abrupt_disconnect_share"),
                     number(c.abrupt_disconnect_share) + "; the analytic model needs 0 (no zombies)"});
    }
    if (c.presence_priority < 0) {
      out.push_back({client_field(c, "presence_priority"),
                     std::to_string(c.presence_priority) + "; the analytic model needs >= 0 (every connect flushes, R7.2)"});
    }
    catchup_in_use = catchup_in_use || c.mam_catchup;
  }

  // Traffic: Poisson, every message storable.
  if (is_diurnal(s.traffic.diurnal)) out.push_back({"traffic.diurnal", "a diurnal profile; the analytic model needs Poisson traffic"});
  if (s.traffic.no_store_share > 0.0) {
    out.push_back({"traffic.no_store_share", number(s.traffic.no_store_share) + "; the analytic model needs 0"});
  }
  if (!(s.traffic.messages_per_user_per_day >= 0.0) || !std::isfinite(s.traffic.messages_per_user_per_day)) {
    out.push_back({"traffic.messages_per_user_per_day", "must be a finite, non-negative rate"});
  }

  // Spool: unlimited, no expiry.
  const auto& off = s.server.offline;
  if (!off.enabled) out.push_back({"server.offline.enabled", "false; the analytic model needs the spool"});
  if (off.max_user_messages != kUnlimited) {
    out.push_back({"server.offline.max_user_messages", std::to_string(off.max_user_messages) + "; the analytic model needs no limit"});
  }
  if (off.ttl != 0) out.push_back({"server.offline.ttl", "set; the analytic model needs no expiry (0)"});

  // MAM must not rescue purged messages: off, no catch-up device, or nothing archived.
  const auto& mam = s.server.mam;
  if (mam.enabled && catchup_in_use) {
    if (mam.default_mode != MamDefault::Never) {
      out.push_back({"server.mam.default", "not never while a catch-up client is in the mix; the analytic model needs never (or MAM off)"});
    }
    for (std::size_t i = 0; i < s.population.mam_default_overrides.size(); ++i) {
      const auto& o = s.population.mam_default_overrides[i];
      if (o.share > 0.0 && o.value != MamDefault::Never) {
        out.push_back({"population.mam_default_overrides[" + std::to_string(i) + "]",
                       "a share of users archives by default; the analytic model needs never (or MAM off)"});
      }
    }
    if (s.population.mam_always_contact_share > 0.0) {
      out.push_back({"population.mam_always_contact_share", "contacts in `always` lists are archived; the analytic model needs 0 (or MAM off)"});
    }
  }
  return out;
}

Prediction predict(const Scenario& s, Solver solver) {
  auto violations = check_assumptions(s);
  if (!violations.empty()) throw AssumptionError(std::move(violations));

  std::string ignored;
  const auto counts = device_counts(s.population.devices_per_user, ignored);
  double count_total = 0.0;
  for (const auto& c : counts) count_total += c.probability;

  Prediction p;
  p.solver = solver;
  // Chains depend on the multiset of profiles only: solve each once.
  std::map<std::vector<ProfileIndex>, UserType> solved;
  std::vector<ProfileIndex> slots;
  auto visit = [&](auto&& self, std::size_t k, double share) -> void {
    if (slots.size() == k) {
      if (p.types.size() >= kMaxUserTypes) {
        throw std::invalid_argument("analytic model: more than " + std::to_string(kMaxUserTypes) +
                                    " user types (device count x client mix); reduce the mix");
      }
      auto key = slots;
      std::sort(key.begin(), key.end());
      auto it = solved.find(key);
      if (it == solved.end()) {
        std::vector<ChainDevice> devices;
        double wake = 0.0, bind2_wake = 0.0;
        for (auto profile : key) {
          const auto& c = s.clients[profile];
          devices.push_back({per_second(c.online_duration), per_second(c.offline_duration)});
          wake += devices.back().online_rate;
          if (c.auth == Auth::Sasl2Bind2) bind2_wake += devices.back().online_rate;
        }
        const auto chain = solve_presence(devices, solver);
        UserType t;
        t.all_offline = chain.all_offline;
        t.wake_rate = chain.wake_rate;
        // From all-offline the next event is a connect of device i with
        // probability b_i / nu (memoryless): that device decides the spool.
        t.bind2_wake_share = bind2_wake / wake;
        it = solved.emplace(std::move(key), t).first;
      }
      UserType t = it->second;
      t.profiles = slots;
      t.share = share;
      p.types.push_back(std::move(t));
      return;
    }
    const auto& mix = slot_mix(s, slots.size());
    double total = 0.0;
    for (const auto& w : mix) total += std::max(0.0, w.weight);
    for (const auto& w : mix) {
      if (!(w.weight > 0.0)) continue;
      slots.push_back(w.profile);
      self(self, k, share * w.weight / total);
      slots.pop_back();
    }
  };
  for (const auto& c : counts) visit(visit, c.devices, c.probability / count_total);

  // PASTA per recipient; types are drawn independently of the contact graph,
  // so the message-weighted means equal the share-weighted ones (docs/analytic.md).
  double offline = 0.0, lost = 0.0, rows_per_rate = 0.0;
  for (const auto& t : p.types) {
    offline += t.share * t.all_offline;
    lost += t.share * t.all_offline * t.bind2_wake_share;
    rows_per_rate += t.share * t.all_offline / t.wake_rate;
  }
  p.all_offline = offline;
  // R4.1: a candidate send happens only when the sender (a random contact,
  // whose type is independent of the recipient's) has a device online.
  const double sender_online = s.traffic.sender_must_be_online ? 1.0 - offline : 1.0;
  p.sends_per_user_per_day = s.traffic.sent_messages_per_user_per_day ? *s.traffic.sent_messages_per_user_per_day
                                                                       : s.traffic.messages_per_user_per_day * sender_online;
  p.purge_all_loss_rate = lost;
  // Little's law: rows = lambda * P(spooled) * mean stay, stay ~ Exp(nu).
  p.spool_rows_per_user = p.sends_per_user_per_day / sim::to_seconds(sim::kDay) * rows_per_rate;
  p.offline_wait_s = rows_per_rate / offline;
  for (const auto& t : p.types) {
    p.max_pending_share = std::max(p.max_pending_share, std::exp(-t.wake_rate * sim::to_seconds(s.drain)));
  }
  return p;
}

}  // namespace spoolsim::models::analytic

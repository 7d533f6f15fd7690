// R2: the population is drawn per entity (R1.4): a user's device count and
// MAM override from the user's streams, each device's profile from the
// device's own (user, slot) stream.
#include "models/world/population.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace spoolsim::models {
namespace {

ProfileIndex pick_profile(const Scenario& scenario, const ClientMix& mix, sim::RandomStream& rng) {
  const auto profiles = scenario.clients.size();
  if (mix.empty()) {  // no mix given: every profile equally likely
    return static_cast<ProfileIndex>(rng.below(profiles));
  }
  double total = 0.0;
  for (const auto& w : mix) total += std::max(0.0, w.weight);
  if (!(total > 0.0)) throw std::invalid_argument("client mix weights must sum to a positive number");
  double u = rng.uniform01() * total;
  for (const auto& w : mix) {
    u -= std::max(0.0, w.weight);
    if (u < 0.0) return w.profile;
  }
  for (auto it = mix.rbegin(); it != mix.rend(); ++it)  // rounding: last positive weight
    if (it->weight > 0.0) return it->profile;
  return mix.back().profile;
}

void check_mix(const Scenario& scenario, const ClientMix& mix, const std::string& what) {
  for (const auto& w : mix) {
    if (w.profile >= scenario.clients.size()) {
      throw std::invalid_argument(what + " names client profile #" + std::to_string(w.profile) +
                                  " but the scenario has " + std::to_string(scenario.clients.size()));
    }
  }
}

}  // namespace

DrawnPopulation draw_population(const Scenario& scenario, std::uint32_t replication) {
  const Population& pop = scenario.population;
  if (scenario.clients.empty()) throw std::invalid_argument("the scenario has no client profiles");
  check_mix(scenario, pop.client_mix, "population.client_mix");
  for (std::size_t s = 0; s < pop.device_slots.size(); ++s)
    check_mix(scenario, pop.device_slots[s], "population.device_slots[" + std::to_string(s) + "]");

  DrawnPopulation out;
  out.users.resize(pop.users);
  for (UserId u = 0; u < pop.users; ++u) {
    User& user = out.users[u];
    sim::RandomStream count_rng(scenario.seed, replication, stream_key::user(u), stream_key::DeviceCount);
    const double drawn = std::round(pop.devices_per_user.sample(count_rng));
    const int count = std::isfinite(drawn) ? static_cast<int>(std::clamp(drawn, 1.0, double{kMaxDevicesPerUser}))
                                           : 1;
    user.first_device = static_cast<DeviceId>(out.devices.size());
    user.device_count = static_cast<std::uint8_t>(count);
    for (int slot = 0; slot < count; ++slot) {
      const auto s = static_cast<std::uint8_t>(slot);
      sim::RandomStream rng(scenario.seed, replication, stream_key::device(u, s), stream_key::Profile);
      const bool pinned = static_cast<std::size_t>(slot) < pop.device_slots.size();
      const ClientMix& mix = pinned ? pop.device_slots[static_cast<std::size_t>(slot)] : pop.client_mix;
      out.devices.push_back(Device{u, s, pick_profile(scenario, mix, rng)});
    }
    // R2.3: the server default unless one of the override shares applies.
    user.mam_default = scenario.server.mam.default_mode;
    if (!pop.mam_default_overrides.empty()) {
      sim::RandomStream rng(scenario.seed, replication, stream_key::user(u), stream_key::MamOverride);
      double x = rng.uniform01();
      for (const auto& o : pop.mam_default_overrides) {
        if (x < o.share) {
          user.mam_default = o.value;
          break;
        }
        x -= o.share;
      }
    }
  }
  return out;
}

void draw_archive_lists(const Scenario& scenario, std::uint32_t replication, ContactGraph& contacts) {
  const double always = scenario.population.mam_always_contact_share;
  const double never = scenario.population.mam_never_contact_share;
  if (always <= 0.0 && never <= 0.0) return;
  for (UserId u = 0; u < contacts.users(); ++u) {
    auto row = contacts.contacts_of(u);
    if (row.empty()) continue;
    sim::RandomStream rng(scenario.seed, replication, stream_key::user(u), stream_key::MamLists);
    for (const Contact& c : row) {  // sorted by peer: a stable order
      const double x = rng.uniform01();
      if (x < always)
        contacts.set_pref(u, c.peer, ArchivePref::Always);
      else if (x < always + never)
        contacts.set_pref(u, c.peer, ArchivePref::Never);
    }
  }
}

ContactGraph make_contacts(const Scenario& scenario, std::uint32_t replication) {
  const std::uint32_t users = scenario.population.users;
  if (scenario.contacts.generator == ContactGenerator::File) {
    return load_contact_file(scenario.contacts.file, users);
  }
  sim::RandomStream rng(scenario.seed, replication, stream_key::kGraph, stream_key::Graph);
  return ContactGraph::generate(scenario.contacts, users, rng);
}

std::string device_mix_label(const Scenario& scenario, std::span<const Device> devices) {
  std::vector<std::string_view> names;
  names.reserve(devices.size());
  for (const Device& d : devices) names.emplace_back(scenario.clients.at(d.profile).name);
  std::sort(names.begin(), names.end());
  std::string label;
  for (auto n : names) {
    if (!label.empty()) label += '+';
    label += n;
  }
  return label;
}

}  // namespace spoolsim::models

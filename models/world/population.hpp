// R2: drawing the population (users, devices, client profiles, MAM
// preferences) and the stream keys of every world entity (R1.4).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/world/contact_graph.hpp"
#include "models/inputs/scenario.hpp"
#include "models/world/people.hpp"
#include "sim/random.hpp"

namespace spoolsim::models {

// R1.4: stable entity keys. A device is keyed by (user, slot), never by its
// dense DeviceId, so adding a device to one user shifts no other stream.
namespace stream_key {
inline constexpr std::uint64_t kUserTag = std::uint64_t{1} << 60;
inline constexpr std::uint64_t kDeviceTag = std::uint64_t{2} << 60;
inline constexpr std::uint64_t kGraph = std::uint64_t{3} << 60;  // the contact graph: one entity
inline std::uint64_t user(UserId u) { return kUserTag | u; }
inline std::uint64_t device(UserId u, std::uint8_t slot) {
  return kDeviceTag | (std::uint64_t{u} << 8) | slot;
}
static_assert(kMaxDevicesPerUser <= 256, "device() keeps the slot in the low 8 bits");

// Purposes: one stream per (entity, purpose), so switching a feature on (say
// archive failures) never moves another purpose's draws.
enum Purpose : std::uint64_t {
  DeviceCount = 1,  // user: how many devices (R2.1)
  Profile = 2,      // device: client profile (R2.2)
  MamOverride = 3,  // user: MAM default override (R2.3)
  MamLists = 4,     // user: always/never list membership of each contact (R2.3)
  Graph = 5,        // graph: generator draws and one-way orientation (R2.4)
  Presence = 6,     // device: initial state and on/off durations (R3)
  DisconnectKind = 7,  // device: abrupt or clean, zombie-detection delay (R7.4)
  Arrivals = 8,     // user: Poisson candidate times and diurnal thinning (R4.1)
  Content = 9,      // user: recipient, size, no-store, archive lag and failure (R4.2-R4.4, R6.1)
};
}  // namespace stream_key

struct DrawnPopulation {
  std::vector<User> users;
  std::vector<Device> devices;
};

// R2.1-R2.3: devices per user, a profile per device (client mix or the pinned
// slot's mix) and the effective MAM default. Throws std::invalid_argument when
// the scenario has no client profiles or a mix names an unknown profile.
DrawnPopulation draw_population(const Scenario& scenario, std::uint32_t replication);

// R2.3: each contact of each user goes into the user's `always` list with
// probability mam_always_contact_share, else into `never` with probability
// mam_never_contact_share (user streams).
void draw_archive_lists(const Scenario& scenario, std::uint32_t replication, ContactGraph& contacts);

// The contact graph of the scenario: generated from the graph entity's stream
// or loaded from contacts.file.
ContactGraph make_contacts(const Scenario& scenario, std::uint32_t replication);

// "conversations+gajim": sorted profile names joined by '+', repeats kept.
std::string device_mix_label(const Scenario& scenario, std::span<const Device> devices);

}  // namespace spoolsim::models

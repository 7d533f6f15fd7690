// The replica's view of the world's devices: who owns a device, its index
// among the owner's devices (the bit in Fate masks), its client profile, and
// whether it runs a MAM catch-up (R7.3). Read-only; shared by the replica's parts.
#pragma once
#include <cstdint>
#include <vector>

#include "models/world/archive_access.hpp"
#include "models/world/world.hpp"

namespace spoolsim::models {

class Devices {
 public:
  explicit Devices(const World& world);

  const World& world() const { return world_; }
  const Scenario& scenario() const { return world_.scenario(); }
  const User& user(UserId u) const { return world_.users()[u]; }
  UserId user_of(DeviceId d) const { return world_.devices()[d].user; }
  unsigned index_in_user(DeviceId d) const { return d - user(user_of(d)).first_device; }
  std::uint64_t bit(DeviceId d) const { return std::uint64_t{1} << index_in_user(d); }
  ProfileIndex profile_index(DeviceId d) const { return world_.devices()[d].profile; }
  // World::profile_of, inline: the replicas read a device's profile on every connect and bind.
  const ClientProfile& profile(DeviceId d) const { return scenario().clients[profile_index(d)]; }
  // R7.3: mam_catchup on the device's profile and mam.enabled on the server.
  bool catches_up(DeviceId d) const { return traits_[profile_index(d)].catches_up; }
  bool user_has_catchup(UserId u) const;
  // R7.2/R7.3: D's catch-up runs before the presence flush, so the flush
  // cannot move the cursor it starts from: the query goes out before the
  // presence, or the client starts from the position it held at session start.
  bool catches_up_before_flush(DeviceId d) const { return traits_[profile_index(d)].catches_up_before_flush; }
  // R7.2: a session that queried MAM before its presence gets no flush where
  // the server stops it (Prosody's mod_mam, offline.flush_after_mam_query false).
  bool flush_suppressed(DeviceId d) const { return traits_[profile_index(d)].flush_suppressed; }
  // When D loses access to an entry archived at `archived_at` (R7.3, R9.2, R10.3).
  ArchiveAccess access(DeviceId d, sim::Time archived_at) const { return access(profile(d), archived_at); }
  ArchiveAccess access(const ClientProfile& p, sim::Time archived_at) const {
    return archive_access(archived_at, p.catchup_max_age, scenario().server.mam.retention);
  }

 private:
  // Per profile: the answers above, fixed by the scenario (read on every bind).
  struct Traits {
    bool catches_up = false;
    bool catches_up_before_flush = false;
    bool flush_suppressed = false;
  };
  const World& world_;
  std::vector<Traits> traits_;
};

}  // namespace spoolsim::models

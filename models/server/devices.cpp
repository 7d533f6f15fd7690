// The replica's read-only view of devices (R7.3 catch-up capability).
#include "models/server/devices.hpp"

#include <stdexcept>
#include <string>

namespace spoolsim::models {

Devices::Devices(const World& world) : world_(world) {
  // Fate masks hold one bit per device of a user (ledger.hpp asserts that
  // kMaxDevicesPerUser fits); a scripted world may still exceed the limit.
  for (std::size_t u = 0; u < world.users().size(); ++u) {
    if (world.users()[u].device_count > kMaxDevicesPerUser)
      throw std::invalid_argument("user " + std::to_string(u) + " has " +
                                  std::to_string(world.users()[u].device_count) +
                                  " devices; the server model supports at most " +
                                  std::to_string(kMaxDevicesPerUser) + " per user");
  }
  const Scenario& s = world.scenario();
  traits_.reserve(s.clients.size());
  for (const ClientProfile& p : s.clients) {
    Traits x;
    x.catches_up = p.mam_catchup && s.server.mam.enabled;
    x.catches_up_before_flush =
        x.catches_up && (p.mam_before_presence || p.catchup_from == CatchupFrom::SessionStart);
    x.flush_suppressed = x.catches_up && p.mam_before_presence && !s.server.offline.flush_after_mam_query;
    traits_.push_back(x);
  }
}

bool Devices::user_has_catchup(UserId u) const {
  const User& r = user(u);
  for (DeviceId d = r.first_device; d < r.first_device + r.device_count; ++d)
    if (catches_up(d)) return true;
  return false;
}

}  // namespace spoolsim::models

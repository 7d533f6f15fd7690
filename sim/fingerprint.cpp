// Order-sensitive fold: each field goes through a full 64-bit mix before the
// next, so swapping two events or two fields changes the value.
#include "sim/fingerprint.hpp"

#include "sim/mix64.hpp"

namespace spoolsim::sim {

void Fingerprint::fold(Time time, std::uint32_t kind, std::uint64_t entity) {
  std::uint64_t h = mix64(state_ ^ static_cast<std::uint64_t>(time));
  h = mix64(h + (static_cast<std::uint64_t>(kind) | (std::uint64_t{1} << 40)));
  state_ = mix64(h ^ entity) + kGolden;
}

}  // namespace spoolsim::sim

// Order-sensitive fold: each field goes through a full 64-bit mix before the
// next, so swapping two events or two fields changes the value.
#include "sim/fingerprint.hpp"

namespace spoolsim::sim {
namespace {

constexpr std::uint64_t mix64(std::uint64_t z) {  // splitmix64 finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

void Fingerprint::fold(Time time, std::uint32_t kind, std::uint64_t entity) {
  std::uint64_t h = mix64(state_ ^ static_cast<std::uint64_t>(time));
  h = mix64(h + (static_cast<std::uint64_t>(kind) | (std::uint64_t{1} << 40)));
  state_ = mix64(h ^ entity) + 0x9e3779b97f4a7c15ULL;
}

}  // namespace spoolsim::sim

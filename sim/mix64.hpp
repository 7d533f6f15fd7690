// splitmix64's finaliser (Steele, Lea and Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014): a bijective,
// well-avalanched 64-bit mixer. Random stream keys and run fingerprints both
// hash through it; changing it changes every stream and every fingerprint.
#pragma once
#include <cstdint>

namespace spoolsim::sim {

// 2^64 / golden ratio, splitmix64's increment.
inline constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace spoolsim::sim

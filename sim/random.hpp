// R1.4: independent random streams keyed by (seed, replication, entity,
// purpose). A stream's draws depend on its key only, so adding an entity or a
// strategy never changes another entity's draws.
#pragma once
#include <array>
#include <cstdint>

namespace spoolsim::sim {

class RandomStream {  // xoshiro256++ seeded through splitmix64 over the key
 public:
  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity,
               std::uint64_t purpose);
  // Inline: the world draws several numbers per event, and a call per draw
  // cost more than the generator step itself.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double uniform01() {  // in (0, 1): never 0, never 1
    // 52 random bits centred in their cell: smallest 2^-53, largest 1 - 2^-53,
    // both exact in a double, so the result is never 0 and never 1.
    return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
  }
  std::uint64_t below(std::uint64_t n) {  // uniform in [0, n), n > 0, unbiased
    // Lemire's nearly-divisionless unbiased method.
    if (n == 0) return 0;
    u128 m = static_cast<u128>(next_u64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<u128>(next_u64()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }
  bool bernoulli(double p) { return uniform01() < p; }  // true with probability p

 private:
  __extension__ typedef unsigned __int128 u128;  // exact 64x64-bit products
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::array<std::uint64_t, 4> s_{};
};

}  // namespace spoolsim::sim

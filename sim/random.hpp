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
  std::uint64_t next_u64();
  double uniform01();                         // in (0, 1): never 0, never 1
  std::uint64_t below(std::uint64_t n);       // uniform in [0, n), n > 0, unbiased
  bool bernoulli(double p);                   // true with probability p

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace spoolsim::sim

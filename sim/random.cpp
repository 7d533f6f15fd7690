// R1.4: xoshiro256++ whose state is derived from the stream key alone, so a
// stream's draws never depend on which other streams exist.
#include "sim/random.hpp"

#include "sim/mix64.hpp"

namespace spoolsim::sim {

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity,
                           std::uint64_t purpose) {
  // Hash the key: each component is mixed in with a distinct position
  // constant, so (a, b) and (b, a) give different streams.
  std::uint64_t h = mix64(seed + kGolden);
  h = mix64(h ^ mix64(replication + 2 * kGolden));
  h = mix64(h ^ mix64(entity + 3 * kGolden));
  h = mix64(h ^ mix64(purpose + 4 * kGolden));
  // Expand into the state with splitmix64, as xoshiro's authors recommend;
  // four consecutive outputs of a bijection of distinct inputs are never all zero.
  for (auto& word : s_) {
    h += kGolden;
    word = mix64(h);
  }
}

}  // namespace spoolsim::sim

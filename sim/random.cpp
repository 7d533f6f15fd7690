// R1.4: xoshiro256++ whose state is derived from the stream key alone, so a
// stream's draws never depend on which other streams exist.
#include "sim/random.hpp"

#include "sim/mix64.hpp"

namespace spoolsim::sim {
namespace {

__extension__ typedef unsigned __int128 u128;  // exact 64x64-bit products

constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

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

std::uint64_t RandomStream::next_u64() {
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

double RandomStream::uniform01() {
  // 52 random bits centred in their cell: smallest 2^-53, largest 1 - 2^-53,
  // both exact in a double, so the result is never 0 and never 1.
  return (static_cast<double>(next_u64() >> 12) + 0.5) * 0x1.0p-52;
}

std::uint64_t RandomStream::below(std::uint64_t n) {
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

bool RandomStream::bernoulli(double p) { return uniform01() < p; }

}  // namespace spoolsim::sim

// R1.4: keyed random streams.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/random.hpp"

namespace spoolsim::sim {
namespace {

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next_u64());
  return out;
}

TEST(SimRandom, SameKeySameSequence) {
  EXPECT_EQ(draws(RandomStream(7, 1, 2, 3), 1000), draws(RandomStream(7, 1, 2, 3), 1000));
}

TEST(SimRandom, EveryKeyComponentMatters) {
  const auto base = draws(RandomStream(7, 1, 2, 3), 8);
  const RandomStream changed[] = {RandomStream(8, 1, 2, 3), RandomStream(7, 2, 2, 3),
                                  RandomStream(7, 1, 3, 3), RandomStream(7, 1, 2, 4),
                                  // swapped components are different keys too
                                  RandomStream(7, 2, 1, 3), RandomStream(1, 7, 2, 3)};
  for (const auto& s : changed) {
    const auto other = draws(s, 8);
    for (std::size_t i = 0; i < base.size(); ++i) EXPECT_NE(base[i], other[i]) << "draw " << i;
  }
}

TEST(SimRandom, NewStreamsDoNotDisturbExistingOnes) {
  // Entity 3's draws when it is alone ...
  const auto alone = draws(RandomStream(11, 0, 3, 5), 100);
  // ... equal its draws when many other entities' streams are created and
  // drawn from in between.
  std::vector<RandomStream> world;
  for (std::uint64_t e = 0; e < 50; ++e) world.emplace_back(11, 0, e, 5);
  std::vector<std::uint64_t> interleaved;
  for (int i = 0; i < 100; ++i) {
    for (std::uint64_t e = 0; e < 50; ++e) {
      const std::uint64_t x = world[e].next_u64();
      if (e == 3) interleaved.push_back(x);
    }
  }
  EXPECT_EQ(alone, interleaved);
}

TEST(SimRandom, PinnedFirstDraws) {
  // Guards against an accidental change of the key hash or the generator,
  // which would silently change every published result. Update consciously.
  RandomStream s(1, 2, 3, 4);
  const std::uint64_t first = s.next_u64();
  const std::uint64_t second = s.next_u64();
  RandomStream t(1, 2, 3, 4);
  EXPECT_EQ(t.next_u64(), first);
  EXPECT_EQ(first, 0xa1f5e7233e03e24aULL);
  EXPECT_EQ(second, 0xfd0424b6291ba6b3ULL);
}

TEST(SimRandom, Uniform01IsOpenAndCentred) {
  RandomStream s(3, 0, 0, 0);
  constexpr int n = 1'000'000;
  double sum = 0.0;
  double lo = 1.0;
  double hi = 0.0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  // Mean of U(0,1): 1/2, standard error sqrt(1/12 / n).
  EXPECT_NEAR(sum / n, 0.5, 4.0 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_LT(lo, 1e-4);
  EXPECT_GT(hi, 1.0 - 1e-4);
}

TEST(SimRandom, BelowIsUniform) {
  // Chi-square over 100 cells with 100,000 draws: 99 degrees of freedom,
  // 1% critical value 134.642. A modulo-biased generator would fail for
  // large n; here n = 100 and a non-power-of-two range in the second check.
  RandomStream s(5, 0, 0, 1);
  constexpr int cells = 100;
  constexpr int n = 100'000;
  std::vector<int> count(cells, 0);
  for (int i = 0; i < n; ++i) {
    const std::uint64_t x = s.below(cells);
    ASSERT_LT(x, static_cast<std::uint64_t>(cells));
    ++count[x];
  }
  double chi2 = 0.0;
  const double expected = static_cast<double>(n) / cells;
  for (int c : count) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 134.642);

  // A range of 3 * 2^62: plain "x % n" would make the lower third twice as
  // likely. Split into 3 equal thirds: 2 degrees of freedom, 1% critical 9.210.
  const std::uint64_t big = 3ULL << 62;
  std::vector<int> thirds(3, 0);
  for (int i = 0; i < n; ++i) ++thirds[s.below(big) / (1ULL << 62)];
  double chi2_big = 0.0;
  for (int c : thirds) chi2_big += (c - n / 3.0) * (c - n / 3.0) / (n / 3.0);
  EXPECT_LT(chi2_big, 9.210);
}

TEST(SimRandom, BelowEdgeCases) {
  RandomStream s(5, 0, 0, 2);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(s.below(1), 0u);
  for (int i = 0; i < 100; ++i) EXPECT_LT(s.below(2), 2u);
}

TEST(SimRandom, BernoulliFrequency) {
  RandomStream s(9, 0, 0, 0);
  constexpr int n = 200'000;
  constexpr double p = 0.3;
  int hits = 0;
  for (int i = 0; i < n; ++i) hits += s.bernoulli(p) ? 1 : 0;
  EXPECT_NEAR(static_cast<double>(hits) / n, p, 4.0 * std::sqrt(p * (1 - p) / n));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(s.bernoulli(0.0));
    EXPECT_TRUE(s.bernoulli(1.0));
  }
}

}  // namespace
}  // namespace spoolsim::sim

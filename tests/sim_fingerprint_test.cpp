// Fingerprints: equal runs hash equal; any changed event or order differs.
#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <vector>

#include "sim/fingerprint.hpp"

namespace spoolsim::sim {
namespace {

using Step = std::tuple<Time, std::uint32_t, std::uint64_t>;

std::uint64_t fingerprint(const std::vector<Step>& steps) {
  Fingerprint f;
  for (const auto& [t, k, e] : steps) f.fold(t, k, e);
  return f.value();
}

TEST(SimFingerprint, EqualSequencesEqualFingerprints) {
  const std::vector<Step> run = {{0, 1, 7}, {5, 2, 7}, {5, 1, 8}, {100, 3, 0}};
  EXPECT_EQ(fingerprint(run), fingerprint(run));
  EXPECT_NE(fingerprint(run), Fingerprint{}.value());
}

TEST(SimFingerprint, AnyChangeChangesTheFingerprint) {
  const std::vector<Step> run = {{0, 1, 7}, {5, 2, 7}, {5, 1, 8}, {100, 3, 0}};
  const std::uint64_t base = fingerprint(run);
  std::set<std::uint64_t> seen = {base};
  for (std::size_t i = 0; i < run.size(); ++i) {
    for (int field = 0; field < 3; ++field) {
      auto changed = run;
      if (field == 0) std::get<0>(changed[i]) += 1;
      if (field == 1) std::get<1>(changed[i]) ^= 1;
      if (field == 2) std::get<2>(changed[i]) += 1;
      EXPECT_TRUE(seen.insert(fingerprint(changed)).second) << "event " << i << " field " << field;
    }
  }
  // Same events in another order.
  auto swapped = run;
  std::swap(swapped[1], swapped[2]);
  EXPECT_NE(fingerprint(swapped), base);
  // Fields are not interchangeable: (time 1, kind 2) vs (time 2, kind 1).
  EXPECT_NE(fingerprint({{1, 2, 3}}), fingerprint({{2, 1, 3}}));
  EXPECT_NE(fingerprint({{1, 2, 3}}), fingerprint({{3, 2, 1}}));
  // A dropped event.
  EXPECT_NE(fingerprint({run.begin(), run.end() - 1}), base);
}

TEST(SimFingerprint, NoCollisionsOverManySmallRuns) {
  std::set<std::uint64_t> seen;
  for (Time t = 0; t < 100; ++t)
    for (std::uint32_t k = 0; k < 10; ++k)
      for (std::uint64_t e = 0; e < 10; ++e) seen.insert(fingerprint({{t, k, e}, {t + 1, k, e}}));
  EXPECT_EQ(seen.size(), 100u * 10u * 10u);
}

}  // namespace
}  // namespace spoolsim::sim

// R2: population draws (device counts, client mix, pinned slots, MAM
// overrides and lists) against their shares, within 4 standard errors.
#include <gtest/gtest.h>

#include <map>

#include "models/world/population.hpp"
#include "support/world_support.hpp"

namespace spoolsim::world_test {
namespace {

TEST(WorldPopulation, DeviceCountsFollowTheDistribution) {  // R2.1 default 55/35/10
  Scenario s = small_scenario(20000);
  World w(s, 0);
  std::map<int, double> count;
  for (const User& u : w.users()) count[u.device_count] += 1.0;
  const double n = static_cast<double>(w.users().size());
  const std::map<int, double> expected = {{1, 0.55}, {2, 0.35}, {3, 0.10}};
  for (auto [k, p] : expected) {
    EXPECT_NEAR(count[k] / n, p, share_tolerance(p, n)) << k << " devices";
  }
  EXPECT_EQ(count.size(), 3u);  // only values 1..3
  // Devices are contiguous per user and carry (user, slot).
  for (UserId u = 0; u < w.users().size(); ++u) {
    auto ds = w.devices_of(u);
    ASSERT_EQ(ds.size(), w.users()[u].device_count);
    for (std::size_t i = 0; i < ds.size(); ++i) {
      EXPECT_EQ(ds[i].user, u);
      EXPECT_EQ(ds[i].slot, i);
    }
  }
}

TEST(WorldPopulation, ClientMixWeights) {  // R2.2
  Scenario s = small_scenario(10000);
  s.clients = {profile("conversations"), profile("gajim"), profile("unused")};
  s.population.client_mix = {{0, 3.0}, {1, 1.0}, {2, 0.0}};
  World w(s, 0);
  std::map<ProfileIndex, double> count;
  for (const Device& d : w.devices()) count[d.profile] += 1.0;
  const double n = static_cast<double>(w.devices().size());
  EXPECT_NEAR(count[0] / n, 0.75, share_tolerance(0.75, n));
  EXPECT_NEAR(count[1] / n, 0.25, share_tolerance(0.25, n));
  EXPECT_EQ(count[2], 0.0);
}

TEST(WorldPopulation, PinnedSlotsAndMixLabels) {  // R2.2, R12.2
  Scenario s = small_scenario(3000);
  s.clients = {profile("conversations"), profile("gajim"), profile("dino")};
  s.population.devices_per_user = sim::Distribution::empirical({1, 2, 3}, {1, 1, 1});
  s.population.device_slots = {{{1, 1.0}}, {{0, 1.0}, {2, 1.0}}};  // slot 0 gajim; slot 1 mix
  s.population.client_mix = {{0, 1.0}};                            // slot 2+: conversations
  World w(s, 0);
  double slot1_dino = 0.0;
  double slot1 = 0.0;
  for (const Device& d : w.devices()) {
    if (d.slot == 0) {
      EXPECT_EQ(d.profile, 1);
    }
    if (d.slot == 1) {
      EXPECT_NE(d.profile, 1);
      slot1 += 1.0;
      slot1_dino += d.profile == 2 ? 1.0 : 0.0;
    }
    if (d.slot == 2) {
      EXPECT_EQ(d.profile, 0);
    }
  }
  EXPECT_NEAR(slot1_dino / slot1, 0.5, share_tolerance(0.5, slot1));
  // Labels: sorted names joined by '+', repeats kept.
  for (UserId u = 0; u < w.users().size(); ++u) {
    const std::string& label = w.device_mix_labels().at(w.users()[u].device_mix);
    std::vector<std::string> names;
    for (const Device& d : w.devices_of(u)) names.push_back(s.clients[d.profile].name);
    std::sort(names.begin(), names.end());
    std::string expected;
    for (auto& n : names) expected += (expected.empty() ? "" : "+") + n;
    EXPECT_EQ(label, expected);
  }
  EXPECT_TRUE(std::is_sorted(w.device_mix_labels().begin(), w.device_mix_labels().end()));
  EXPECT_NE(std::find(w.device_mix_labels().begin(), w.device_mix_labels().end(),
                      "conversations+dino+gajim"),
            w.device_mix_labels().end());
}

TEST(WorldPopulation, RepeatedProfileNamesInLabel) {
  Scenario s = small_scenario(2);
  std::vector<User> users = {User{0, 2, MamDefault::Never, 0}, User{2, 1, MamDefault::Never, 0}};
  std::vector<Device> devices = {{0, 0, 0}, {0, 1, 0}, {1, 0, 0}};
  World w(s, users, devices, ContactGraph{});
  EXPECT_EQ(w.device_mix_labels().at(w.users()[0].device_mix), "generic+generic");
  EXPECT_EQ(w.device_mix_labels().at(w.users()[1].device_mix), "generic");
}

TEST(WorldPopulation, MamDefaultOverrides) {  // R2.3
  Scenario s = small_scenario(20000);
  s.server.mam.default_mode = MamDefault::Never;
  s.population.mam_default_overrides = {{MamDefault::Always, 0.3}, {MamDefault::Roster, 0.2}};
  World w(s, 0);
  std::map<MamDefault, double> count;
  for (const User& u : w.users()) count[u.mam_default] += 1.0;
  const double n = static_cast<double>(w.users().size());
  EXPECT_NEAR(count[MamDefault::Always] / n, 0.3, share_tolerance(0.3, n));
  EXPECT_NEAR(count[MamDefault::Roster] / n, 0.2, share_tolerance(0.2, n));
  EXPECT_NEAR(count[MamDefault::Never] / n, 0.5, share_tolerance(0.5, n));
}

TEST(WorldPopulation, AlwaysNeverListShares) {  // R2.3
  Scenario s = small_scenario(3000);
  s.contacts.generator = ContactGenerator::ErdosRenyi;
  s.population.mam_always_contact_share = 0.2;
  s.population.mam_never_contact_share = 0.1;
  World w(s, 0);
  double always = 0, never = 0, total = 0;
  for (UserId u = 0; u < w.users().size(); ++u) {
    for (const Contact& c : w.contacts().contacts_of(u)) {
      total += 1.0;
      always += c.pref == ArchivePref::Always ? 1.0 : 0.0;
      never += c.pref == ArchivePref::Never ? 1.0 : 0.0;
    }
  }
  ASSERT_GT(total, 10000.0);
  EXPECT_NEAR(always / total, 0.2, share_tolerance(0.2, total));
  EXPECT_NEAR(never / total, 0.1, share_tolerance(0.1, total));
}

TEST(WorldPopulation, SameSeedSamePopulationOtherReplicationDiffers) {  // R1.4
  Scenario s = small_scenario(500);
  s.clients = {profile("a"), profile("b")};
  s.population.client_mix = {{0, 1.0}, {1, 1.0}};
  World a(s, 0), b(s, 0), c(s, 1);
  ASSERT_EQ(a.devices().size(), b.devices().size());
  bool differs = a.devices().size() != c.devices().size();
  for (std::size_t i = 0; i < a.devices().size(); ++i) {
    EXPECT_EQ(a.devices()[i].profile, b.devices()[i].profile);
    if (!differs && a.devices()[i].profile != c.devices()[i].profile) differs = true;
  }
  EXPECT_TRUE(differs);
}

TEST(WorldPopulation, ExplicitPopulationIsChecked) {
  Scenario s = small_scenario(2);
  std::vector<User> users = {User{0, 1, MamDefault::Never, 0}, User{2, 1, MamDefault::Never, 0}};
  std::vector<Device> devices = {{0, 0, 0}, {1, 0, 0}};
  EXPECT_THROW(World(s, users, devices, ContactGraph{}), std::invalid_argument);
  users[1].first_device = 1;
  devices[1].profile = 9;
  EXPECT_THROW(World(s, users, devices, ContactGraph{}), std::invalid_argument);
}

}  // namespace
}  // namespace spoolsim::world_test

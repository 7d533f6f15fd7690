// The rerun knobs become --set overrides that the real loader accepts and
// that reproduce the knobs exactly.
#include <gtest/gtest.h>

#include <algorithm>

#include "scenarios/loader.hpp"
#include "viz/knobs.hpp"

namespace spoolsim::viz {
namespace {

TEST(VizKnobs, UnchangedKnobsGiveNoSets) {
  const models::Scenario s = scenarios::load_default_scenario().scenario;
  const Knobs k = knobs_of(s);
  EXPECT_EQ(k.users, static_cast<int>(s.population.users));
  EXPECT_EQ(k.client_names.size(), s.population.client_mix.size());
  EXPECT_TRUE(knob_sets(k, k).empty());
}

TEST(VizKnobs, EveryKnobRoundTripsThroughTheLoader) {
  const models::Scenario base = scenarios::load_default_scenario().scenario;
  const Knobs loaded = knobs_of(base);
  Knobs edited = loaded;
  edited.users = loaded.users + 37;
  edited.messages_per_user_per_day = loaded.messages_per_user_per_day * 2.0f + 0.5f;
  edited.mam_default =
      loaded.mam_default == models::MamDefault::Always ? models::MamDefault::Roster : models::MamDefault::Always;
  ASSERT_FALSE(edited.client_weights.empty());
  edited.client_weights.back() += 3.5f;
  const std::vector<std::string> presets = scenarios::server_preset_names();
  ASSERT_FALSE(presets.empty());
  const auto other = std::find_if(presets.begin(), presets.end(),
                                  [&](const std::string& p) { return p != loaded.server_preset; });
  ASSERT_NE(other, presets.end());
  edited.server_preset = *other;

  const std::vector<std::string> sets = knob_sets(edited, loaded);
  EXPECT_EQ(sets.size(), 5u);
  EXPECT_EQ(sets.front(), "server.preset=" + *other);  // a preset before the values that follow it
  const models::Scenario rerun = scenarios::load_default_scenario(sets).scenario;
  const Knobs got = knobs_of(rerun);
  EXPECT_EQ(got.server_preset, edited.server_preset);
  EXPECT_EQ(got.mam_default, edited.mam_default);
  EXPECT_EQ(got.users, edited.users);
  EXPECT_FLOAT_EQ(got.messages_per_user_per_day, edited.messages_per_user_per_day);
  EXPECT_EQ(got.client_names, edited.client_names);
  ASSERT_EQ(got.client_weights.size(), edited.client_weights.size());
  for (std::size_t i = 0; i < got.client_weights.size(); ++i) {
    EXPECT_FLOAT_EQ(got.client_weights[i], edited.client_weights[i]) << got.client_names[i];
  }
  // Knobs as reloaded need no further sets: a second rerun changes nothing.
  EXPECT_TRUE(knob_sets(got, edited).empty());
}

TEST(VizKnobs, EquivalentCommandQuotesWhatTheShellWouldSplit) {
  EXPECT_EQ(equivalent_command("", {"population.users=200"}), "spoolsim run --set population.users=200");
  EXPECT_EQ(equivalent_command("my file.textproto", {"name=a b"}),
            "spoolsim run 'my file.textproto' --set 'name=a b'");
}

}  // namespace
}  // namespace spoolsim::viz

// Presets (docs/sources.md): every preset prints as a scenario fragment and
// loads back to the same values; the releases map to the strategies of R5.
#include <gtest/gtest.h>

#include <string>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

using models::StrategyKind;

LoadedScenario with_server(const std::string& preset) {
  return load_scenario_text("server { preset: \"" + preset + "\" }", "t.textproto");
}

TEST(ScenarioPresets, ServerPresetsPrintAndReloadIdentically) {
  ASSERT_GE(server_preset_names().size(), 21U);
  for (const auto& name : server_preset_names()) {
    SCOPED_TRACE(name);
    const std::string printed = server_preset_textproto(name);
    EXPECT_EQ(printed.front(), '#');
    // The printed fragment, loaded as a scenario, resolves like the preset itself.
    const LoadedScenario reloaded = load_scenario_text(printed, "printed.textproto");
    const LoadedScenario direct = with_server(name);
    EXPECT_EQ(reloaded.resolved_textproto, direct.resolved_textproto);
    EXPECT_EQ(reloaded.sha256, direct.sha256);
    EXPECT_EQ(reloaded.scenario.server.preset, name);
    // Printing again gives the same text.
    EXPECT_EQ(server_preset_textproto(name), printed);
  }
}

TEST(ScenarioPresets, ClientPresetsPrintAndReloadIdentically) {
  ASSERT_GE(client_preset_names().size(), 9U);
  for (const auto& name : client_preset_names()) {
    SCOPED_TRACE(name);
    const std::string printed = client_preset_textproto(name);
    const LoadedScenario reloaded = load_scenario_text(printed, "printed.textproto");
    const LoadedScenario direct = load_scenario_text("clients { name: \"" + name + "\" }", "t.textproto");
    EXPECT_EQ(reloaded.resolved_textproto, direct.resolved_textproto);
    ASSERT_EQ(reloaded.scenario.clients.size(), 1U);
    EXPECT_EQ(reloaded.scenario.clients[0].name, name);
  }
}

TEST(ScenarioPresets, UnknownPresetNamesAreErrors) {
  EXPECT_THROW((void)server_preset_textproto("ejabberd-99.01"), ScenarioError);
  // Client names are not releases: a near miss is suggested.
  try {
    (void)client_preset_textproto("conversation");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean \"conversations\"?"), std::string::npos) << e.what();
  }
}

// R5 and sources.md 1.1: before 24.02 (no Bind2) deliver; 24.02..24.10 purge_all;
// 24.12 to 26.07 purge_if_archiving; Prosody (0.12 has no Bind2, 13's
// community module leaves the spool) and MongooseIM deliver.
TEST(ScenarioPresets, ReleasesRunTheirStrategy) {
  const std::pair<const char*, StrategyKind> expected[] = {
      {"ejabberd-23.01", StrategyKind::Deliver},          {"ejabberd-23.04", StrategyKind::Deliver},
      {"ejabberd-23.10", StrategyKind::Deliver},          {"ejabberd-24.02", StrategyKind::PurgeAll},
      {"ejabberd-24.06", StrategyKind::PurgeAll},         {"ejabberd-24.07", StrategyKind::PurgeAll},
      {"ejabberd-24.10", StrategyKind::PurgeAll},         {"ejabberd-24.12", StrategyKind::PurgeIfArchiving},
      {"ejabberd-25.03", StrategyKind::PurgeIfArchiving}, {"ejabberd-25.04", StrategyKind::PurgeIfArchiving},
      {"ejabberd-25.07", StrategyKind::PurgeIfArchiving}, {"ejabberd-25.08", StrategyKind::PurgeIfArchiving},
      {"ejabberd-25.10", StrategyKind::PurgeIfArchiving}, {"ejabberd-26.01", StrategyKind::PurgeIfArchiving},
      {"ejabberd-26.02", StrategyKind::PurgeIfArchiving}, {"ejabberd-26.03", StrategyKind::PurgeIfArchiving},
      {"ejabberd-26.04", StrategyKind::PurgeIfArchiving}, {"ejabberd-26.07", StrategyKind::PurgeIfArchiving},
      {"prosody-0.12", StrategyKind::Deliver},            {"prosody-13", StrategyKind::Deliver},
      {"mongooseim-6.2", StrategyKind::Deliver},
  };
  for (const auto& [name, strategy] : expected) {
    SCOPED_TRACE(name);
    const models::Scenario s = with_server(name).scenario;
    ASSERT_TRUE(s.server.bind2_offline_strategy.has_value());
    EXPECT_EQ(*s.server.bind2_offline_strategy, strategy);
    EXPECT_EQ(s.strategies.size(), 5U) << "no strategies named: all five are compared";
  }
  EXPECT_FALSE(load_scenario_text("", "t.textproto").scenario.server.bind2_offline_strategy.has_value());
}

TEST(ScenarioPresets, ServerModuleDefaultsFollowTheFacts) {
  const models::Scenario ej = with_server("ejabberd-24.12").scenario;
  EXPECT_EQ(ej.server.mam.default_mode, models::MamDefault::Never);               // sources.md 1.4
  EXPECT_EQ(ej.server.offline.max_user_messages, models::kUnlimited);             // sources.md 1.3
  EXPECT_EQ(ej.server.stream_management.resume_timeout, 300 * sim::kSecond);      // sources.md 1.5
  EXPECT_EQ(ej.server.stream_management.ack_timeout, 60 * sim::kSecond);
  EXPECT_EQ(ej.server.stream_management.resend_on_timeout, models::ResendOnTimeout::False);
  EXPECT_EQ(ej.server.stream_management.max_ack_queue, 5000U);
  const models::Scenario prosody = with_server("prosody-13").scenario;            // sources.md 3
  EXPECT_EQ(prosody.server.mam.default_mode, models::MamDefault::Always);
  EXPECT_EQ(prosody.server.mam.retention, 7 * sim::kDay);
  EXPECT_EQ(prosody.server.stream_management.resume_timeout, 600 * sim::kSecond);
  EXPECT_EQ(prosody.server.stream_management.max_ack_queue, 500U);
  const models::Scenario mim = with_server("mongooseim-6.2").scenario;            // sources.md 4
  EXPECT_EQ(mim.server.offline.max_user_messages, 100U);
  EXPECT_EQ(mim.server.stream_management.resume_timeout, 600 * sim::kSecond);
  EXPECT_EQ(mim.server.mam.archive_lag.kind, sim::Distribution::Kind::Uniform);
  EXPECT_EQ(mim.server.mam.archive_lag.b, 2.0 * sim::kSecond);
}

TEST(ScenarioPresets, ClientBehaviourFollowsTheFacts) {
  const models::Scenario s = load_scenario_text(
      "clients { name: \"conversations\" } clients { name: \"gajim\" } clients { name: \"converse.js\" }"
      " clients { name: \"atalk\" } clients { name: \"movim\" }",
      "t.textproto").scenario;
  ASSERT_EQ(s.clients.size(), 5U);
  const auto& conv = s.clients[0];  // sources.md 5: Bind2, SM, forward 5d / 750
  EXPECT_EQ(conv.auth, models::Auth::Sasl2Bind2);
  EXPECT_TRUE(conv.stream_management);
  EXPECT_TRUE(conv.mam_catchup);
  EXPECT_EQ(conv.catchup_max_age, 5 * sim::kDay);
  EXPECT_EQ(conv.catchup_max_messages, 750U);
  EXPECT_EQ(conv.catchup_order, models::CatchupOrder::Forward);
  const auto& gajim = s.clients[1];  // SASL2 without Bind2, no cap
  EXPECT_EQ(gajim.auth, models::Auth::Sasl1);
  EXPECT_TRUE(gajim.stream_management);
  EXPECT_EQ(gajim.catchup_max_messages, models::kUnlimited);
  EXPECT_EQ(gajim.catchup_max_age, models::kNoAgeLimit);
  const auto& converse = s.clients[2];  // newest page of 50
  EXPECT_EQ(converse.catchup_order, models::CatchupOrder::Backward);
  EXPECT_EQ(converse.catchup_max_messages, 50U);
  EXPECT_FALSE(s.clients[3].mam_catchup);  // aTalk: per chat only
  EXPECT_EQ(s.clients[4].auth, models::Auth::Sasl2Bind2);  // Movim 0.24
  EXPECT_FALSE(s.clients[4].stream_management);
}

TEST(ScenarioPresets, FileOverridesPresetFieldByField) {
  const models::Scenario s = load_scenario_text(
      "server { preset: \"ejabberd-24.12\" mam { default: \"roster\" } stream_management { resume_timeout: \"72h\" } }\n"
      "clients { name: \"phone\" preset: \"conversations\" catchup_max_messages: 3000 }",
      "t.textproto").scenario;
  EXPECT_EQ(s.server.mam.default_mode, models::MamDefault::Roster);
  EXPECT_EQ(s.server.stream_management.resume_timeout, 72 * sim::kHour);
  EXPECT_EQ(s.server.stream_management.ack_timeout, 60 * sim::kSecond);  // kept from the preset
  ASSERT_EQ(s.clients.size(), 1U);
  EXPECT_EQ(s.clients[0].name, "phone");
  EXPECT_EQ(s.clients[0].catchup_max_messages, 3000U);
  EXPECT_EQ(s.clients[0].catchup_max_age, 5 * sim::kDay);  // kept from the preset
  EXPECT_EQ(s.clients[0].auth, models::Auth::Sasl2Bind2);
}

TEST(ScenarioPresets, MixMayNameAPresetDirectly) {
  const models::Scenario s = load_scenario_text(
      "population { client_mix { profile: \"gajim\" weight: 1 } client_mix { profile: \"dino\" weight: 3 } }",
      "t.textproto").scenario;
  ASSERT_EQ(s.clients.size(), 2U);
  EXPECT_EQ(s.clients[0].name, "gajim");
  EXPECT_EQ(s.clients[1].name, "dino");
  EXPECT_EQ(s.clients[1].catchup_order, models::CatchupOrder::Backward);
  ASSERT_EQ(s.population.client_mix.size(), 2U);
  EXPECT_EQ(s.population.client_mix[1].profile, 1);
  EXPECT_EQ(s.population.client_mix[1].weight, 3.0);
}

}  // namespace
}  // namespace spoolsim::scenarios

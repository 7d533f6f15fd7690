// Where every resolved value came from (issue 14 item 4), an import's
// source line carried through the scenario file, the assumptions list, and
// `explain` output that does not freeze what a preset chose.
#include <gtest/gtest.h>

#include <string>

#include "import/import.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

const FieldOrigin* origin_of(const LoadedScenario& s, const std::string& path) {
  for (const FieldOrigin& o : s.origins) {
    if (o.path == path) return &o;
  }
  return nullptr;
}

const std::string kData = std::string(SPOOLSIM_SOURCE_DIR) + "/tests/import/data/";

TEST(ImportOrigins, EachLayerIsNamed) {
  const LoadedScenario s = load_scenario_text(
      "server { preset: \"ejabberd-24.12\" mam { default: \"roster\" } }\n"
      "clients { name: \"conversations\" abrupt_disconnect_share: 0.1 }\n",
      "mine.textproto", {"traffic.stranger_share=0.05"});
  ASSERT_NE(origin_of(s, "server.mam.default"), nullptr);
  EXPECT_EQ(origin_of(s, "server.mam.default")->kind, FieldOrigin::Kind::File);
  EXPECT_EQ(origin_of(s, "server.mam.default")->where, "mine.textproto:1:41");
  EXPECT_EQ(origin_of(s, "server.bind2_offline_strategy")->kind, FieldOrigin::Kind::ServerPreset);
  EXPECT_EQ(origin_of(s, "server.bind2_offline_strategy")->where, "server preset ejabberd-24.12");
  EXPECT_EQ(origin_of(s, "clients[conversations].auth")->kind, FieldOrigin::Kind::ClientPreset);
  EXPECT_EQ(origin_of(s, "clients[conversations].abrupt_disconnect_share")->kind, FieldOrigin::Kind::File);
  EXPECT_EQ(origin_of(s, "traffic.stranger_share")->kind, FieldOrigin::Kind::Set);
  EXPECT_EQ(origin_of(s, "traffic.messages_per_user_per_day")->kind, FieldOrigin::Kind::Default);
  for (const FieldOrigin& o : s.origins) EXPECT_FALSE(o.where.empty()) << o.path;
}

TEST(ImportOrigins, AnImportedValueNamesTheConfigurationLine) {
  const auto r = import::import_ejabberd(kData + "upstream-ejabberd-24.12.yml", {"", "24.12"});
  const LoadedScenario s = load_scenario_text(import::to_textproto(r), "imported.textproto");
  const FieldOrigin* o = origin_of(s, "server.mam.default");
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->kind, FieldOrigin::Kind::Import);
  EXPECT_EQ(o->where.rfind(kData + "upstream-ejabberd-24.12.yml:188 (via imported.textproto:", 0), 0u) << o->where;
}

TEST(ImportOrigins, ExplainDoesNotFreezeThePresetsChoice) {
  const LoadedScenario old = load_scenario_text("server { preset: \"ejabberd-24.02\" }\n", "old.textproto");
  // A file written from explain, with its preset then changed to 24.12.
  std::string text = old.explained_textproto;
  EXPECT_NE(text.find("# bind2_offline_strategy: \"purge_all\"  # server preset ejabberd-24.02"), std::string::npos)
      << text;
  const std::string from = "preset: \"ejabberd-24.02\"";
  text.replace(text.find(from), from.size(), "preset: \"ejabberd-24.12\"");
  const LoadedScenario changed = load_scenario_text(text, "changed.textproto");
  ASSERT_TRUE(changed.scenario.server.bind2_offline_strategy.has_value());
  EXPECT_EQ(std::string(models::to_string(*changed.scenario.server.bind2_offline_strategy)), "purge_if_archiving");
  // Unchanged, the explained text resolves to the same scenario.
  EXPECT_EQ(load_scenario_text(old.explained_textproto, "again.textproto").sha256, old.sha256);
  const LoadedScenario d = load_default_scenario({"seed=9"});
  EXPECT_EQ(load_scenario_text(d.explained_textproto, "d.textproto").sha256, d.sha256);
}

TEST(ImportOrigins, AssumptionsNameTheGuesses) {
  const LoadedScenario s = load_scenario_text("server { preset: \"ejabberd-24.12\" }\n", "bare.textproto",
                                              {"traffic.stranger_share=0.05"});
  const std::vector<Assumption> list = assumptions(s);
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[0].topic, "connectivity");
  EXPECT_TRUE(list[0].check);
  EXPECT_EQ(list[2].topic, "stranger share");
  EXPECT_FALSE(list[2].check);  // stated by --set
  EXPECT_EQ(list[2].origin, "--set");
  EXPECT_EQ(list[3].topic, "traffic rate");
  EXPECT_NE(list[3].value.find("candidates per user per day"), std::string::npos);
  EXPECT_TRUE(list[4].check);  // MAM default from the preset
  // The sent rate is below the candidate rate when senders must be online.
  EXPECT_LT(expected_sent_per_user_per_day(s.scenario), s.scenario.traffic.messages_per_user_per_day);
  EXPECT_GT(expected_sent_per_user_per_day(s.scenario), 0.0);
}

}  // namespace
}  // namespace spoolsim::scenarios

// `spoolsim import ejabberd` on real files (Debian's and upstream's example
// configs at 24.12, tests/import/data/SOURCES.md) and on macros, includes and
// host_config; every imported scenario must load.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "import/import.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::import {
namespace {

const std::string kData = std::string(SPOOLSIM_SOURCE_DIR) + "/tests/import/data/";

const MappedValue* find(const ImportResult& r, const std::string& path) {
  for (const MappedValue& v : r.values) {
    if (v.path == path) return &v;
  }
  return nullptr;
}

bool warned(const ImportResult& r, const std::string& what) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const std::string& w) { return w.find(what) != std::string::npos; });
}

TEST(ImportEjabberd, DebianExampleHasNoMamSoTheReleaseNeverPurges) {
  const ImportResult r = import_ejabberd(kData + "debian-ejabberd-24.12.yml", {"", "24.12"});
  EXPECT_EQ(r.preset, "ejabberd-24.12");
  EXPECT_EQ(r.host, "localhost");
  ASSERT_NE(find(r, "mam.enabled"), nullptr);
  EXPECT_EQ(find(r, "mam.enabled")->value, "false");  // mod_mam is commented out
  ASSERT_NE(find(r, "offline.max_user_messages"), nullptr);
  EXPECT_EQ(find(r, "offline.max_user_messages")->value, "100");  // `100: all`
  EXPECT_EQ(find(r, "offline.max_user_messages")->source, kData + "debian-ejabberd-24.12.yml:207");
  EXPECT_EQ(find(r, "offline.enabled")->source, kData + "debian-ejabberd-24.12.yml:256");
  EXPECT_EQ(find(r, "stream_management.resend_on_timeout")->value, "\"if_offline\"");
  EXPECT_TRUE(warned(r, "users in ACL admin get 5000"));
  EXPECT_TRUE(warned(r, "mod_push_keepalive"));
  const scenarios::LoadedScenario s = scenarios::load_scenario_text(to_textproto(r), "debian.textproto");
  EXPECT_FALSE(s.scenario.server.mam.enabled);
  EXPECT_EQ(s.scenario.server.offline.max_user_messages, 100);
}

TEST(ImportEjabberd, UpstreamExampleArchivesAlways) {
  const ImportResult r = import_ejabberd(kData + "upstream-ejabberd-24.12.yml", {"", "24.12"});
  ASSERT_NE(find(r, "mam.default"), nullptr);
  EXPECT_EQ(find(r, "mam.default")->value, "\"always\"");
  EXPECT_EQ(find(r, "mam.default")->source, kData + "upstream-ejabberd-24.12.yml:188");
  EXPECT_EQ(find(r, "mam.enabled")->value, "true");
  EXPECT_TRUE(warned(r, "assume_mam_usage"));
  const std::string text = to_textproto(r);
  EXPECT_NE(text.find("default: \"always\"  # import: " + kData + "upstream-ejabberd-24.12.yml:188"),
            std::string::npos);
  EXPECT_NO_THROW(scenarios::load_scenario_text(text, "upstream.textproto"));
}

TEST(ImportEjabberd, MacrosIncludesAndTheListFormOfAShaperRule) {
  const ImportResult r = import_ejabberd(kData + "macros-main.yml", {"", "23.10"});
  EXPECT_EQ(r.host, "chat.example.org");
  EXPECT_TRUE(warned(r, "2 hosts; read chat.example.org"));
  // OFFLINE_RULE names offline_limit, defined in the included file as a list.
  EXPECT_EQ(find(r, "offline.max_user_messages")->value, "250");
  EXPECT_EQ(find(r, "offline.max_user_messages")->source, kData + "macros-included.yml:4");
  // RESUME is a macro: the value is where the macro defines it.
  EXPECT_EQ(find(r, "stream_management.resume_timeout")->value, "\"900s\"");
  EXPECT_NE(find(r, "stream_management.resume_timeout")->note.find("macro RESUME"), std::string::npos);
  EXPECT_EQ(find(r, "stream_management.ack_timeout")->value, "\"120s\"");  // "2 minutes"
  // mod_mam comes only from the included file; the main file's modules win elsewhere.
  EXPECT_EQ(find(r, "mam.default")->value, "\"never\"");
  EXPECT_TRUE(warned(r, "request_activates_archiving"));
  EXPECT_TRUE(warned(r, "mod_stream_mgmt.max_resume_timeout"));
  EXPECT_NO_THROW(scenarios::load_scenario_text(to_textproto(r), "macros.textproto"));
}

TEST(ImportEjabberd, HostConfigRedefinesTheModulesOfItsHost) {
  const ImportResult r = import_ejabberd(kData + "macros-main.yml", {"other.example.org", "23.10"});
  EXPECT_EQ(find(r, "mam.default")->value, "\"roster\"");
  EXPECT_EQ(find(r, "stream_management.enabled")->value, "false");  // not in that host's modules
  EXPECT_EQ(find(r, "offline.max_user_messages")->value, "0");        // default rule undefined: unlimited
}

TEST(ImportEjabberd, ErrorsNameTheFileAndLine) {
  try {
    import_ejabberd(kData + "bad.yml", {"", "24.12"});
    FAIL() << "bad YAML was accepted";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.yml:6:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("YAML syntax error"), std::string::npos) << e.what();
  }
  try {
    import_ejabberd(kData + "upstream-ejabberd-24.12.yml", {"", ""});
    FAIL() << "no release was accepted";
  } catch (const ImportError& e) {
    EXPECT_NE(std::string(e.what()).find("known releases: 23.01"), std::string::npos) << e.what();
  }
  EXPECT_THROW(import_ejabberd(kData + "macros-main.yml", {"nowhere.example", "24.12"}), ImportError);
  EXPECT_THROW(import_ejabberd(kData + "missing.yml", {"", "24.12"}), ImportError);
}

}  // namespace
}  // namespace spoolsim::import

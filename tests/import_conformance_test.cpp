// `spoolsim import` on the configurations the conformance harness writes
// for its real servers (tests/conformance/driver/servers.mjs; recorded in
// tests/import/data/, see SOURCES.md): every option the harness sets maps
// to the value and line it has in the file.
#include <gtest/gtest.h>

#include <string>

#include "import/import.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::import {
namespace {

const std::string kData = std::string(SPOOLSIM_SOURCE_DIR) + "/tests/import/data/";

const MappedValue& value(const ImportResult& r, const std::string& path) {
  for (const MappedValue& v : r.values) {
    if (v.path == path) return v;
  }
  throw std::runtime_error("not mapped: " + path);
}

TEST(ImportConformance, EjabberdHarnessConfig) {
  const std::string file = kData + "conformance-hibernation-timeout-resend-false.ejabberd.yml";
  const ImportResult r = import_ejabberd(file, {"", "24.12"});
  EXPECT_EQ(r.preset, "ejabberd-24.12");
  EXPECT_EQ(value(r, "offline.enabled").value, "true");
  EXPECT_EQ(value(r, "offline.max_user_messages").value, "0");  // shaper rule `infinity`: unlimited
  EXPECT_EQ(value(r, "offline.max_user_messages").source, file + ":20");
  EXPECT_EQ(value(r, "mam.enabled").value, "true");
  EXPECT_EQ(value(r, "mam.default").value, "\"never\"");
  EXPECT_EQ(value(r, "mam.default").source, file + ":35");
  EXPECT_EQ(value(r, "stream_management.resume_timeout").value, "\"3s\"");  // `resume_timeout: 3`
  EXPECT_EQ(value(r, "stream_management.resend_on_timeout").value, "\"false\"");
  const auto s = scenarios::load_scenario_text(to_textproto(r), "conformance-ejabberd.textproto");
  EXPECT_EQ(s.scenario.server.stream_management.resume_timeout, 3 * sim::kSecond);
  EXPECT_EQ(s.scenario.server.mam.default_mode, models::MamDefault::Never);
  EXPECT_EQ(s.scenario.server.offline.max_user_messages, models::kUnlimited);
}

TEST(ImportConformance, ProsodyHarnessConfig) {
  const std::string file = kData + "conformance-hibernation-timeout-resend-false.prosody.cfg.lua";
  const ImportResult r = import_prosody(file, {"", "13"});
  EXPECT_EQ(r.preset, "prosody-13");
  EXPECT_EQ(value(r, "offline.enabled").value, "true");  // "offline" in modules_enabled
  EXPECT_EQ(value(r, "mam.enabled").value, "true");
  EXPECT_EQ(value(r, "mam.default").value, "\"always\"");  // default_archive_policy = true
  EXPECT_EQ(value(r, "mam.default").source, file + ":25");
  EXPECT_EQ(value(r, "mam.retention").value, "\"0\"");  // archive_expires_after = "never"
  EXPECT_EQ(value(r, "stream_management.resume_timeout").value, "\"3s\"");  // smacks_hibernation_time = 3
  EXPECT_EQ(value(r, "stream_management.resume_timeout").source, file + ":24");
  bool storage_warned = false;
  for (const std::string& w : r.warnings) storage_warned |= w.find("storage: sql (SQLite3)") != std::string::npos;
  EXPECT_TRUE(storage_warned);
  const auto s = scenarios::load_scenario_text(to_textproto(r), "conformance-prosody.textproto");
  EXPECT_EQ(s.scenario.server.mam.default_mode, models::MamDefault::Always);
  EXPECT_EQ(s.scenario.server.stream_management.resume_timeout, 3 * sim::kSecond);
}

}  // namespace
}  // namespace spoolsim::import

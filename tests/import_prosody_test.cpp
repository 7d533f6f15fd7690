// `spoolsim import prosody`: the file runs in a sandboxed Lua 5.4; a real
// Debian config, VirtualHost, Include, and files that loop, call io or do not parse.
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

std::string error_of(const std::string& file) {
  try {
    import_prosody(kData + file, {"", "13"});
  } catch (const ImportError& e) {
    return e.what();
  }
  return "";
}

TEST(ImportProsody, DebianConfig) {
  const ImportResult r = import_prosody(kData + "debian-prosody-13.cfg.lua", {"", "13"});
  EXPECT_EQ(r.preset, "prosody-13");
  EXPECT_EQ(r.host, "localhost");
  EXPECT_EQ(find(r, "offline.enabled")->value, "true");  // autoloaded
  EXPECT_EQ(find(r, "mam.enabled")->value, "false");     // not in modules_enabled
  EXPECT_EQ(find(r, "stream_management.enabled")->value, "true");
  EXPECT_EQ(find(r, "mam.retention")->value, "\"7d\"");  // "1w"
  EXPECT_EQ(find(r, "mam.retention")->source, kData + "debian-prosody-13.cfg.lua:174");
  EXPECT_TRUE(warned(r, "mod_cloud_notify"));
  EXPECT_TRUE(warned(r, "storage: internal"));
  EXPECT_NO_THROW(scenarios::load_scenario_text(to_textproto(r), "prosody.textproto"));
}

TEST(ImportProsody, VirtualHostOptionsIncludeAndModuleSets) {
  const ImportResult a = import_prosody(kData + "host.cfg.lua", {"a.example", "0.12"});
  EXPECT_EQ(find(a, "offline.enabled")->value, "false");  // modules_disabled globally
  EXPECT_EQ(find(a, "mam.default")->value, "\"roster\"");
  EXPECT_EQ(find(a, "mam.retention"), nullptr);  // only b.example sets it
  const ImportResult b = import_prosody(kData + "host.cfg.lua", {"b.example", "0.12"});
  EXPECT_EQ(find(b, "mam.retention")->value, "\"30d\"");
  EXPECT_EQ(find(b, "offline.max_user_messages")->value, "500");  // storage_archive_item_limit
  EXPECT_EQ(find(b, "mam.max_user_messages")->value, "500");  // the same limit caps the archive (R6.1)
  EXPECT_EQ(find(b, "stream_management.resume_timeout")->value, "\"120s\"");
  EXPECT_EQ(find(b, "stream_management.max_ack_queue")->source, kData + "included.cfg.lua:1");
  EXPECT_TRUE(warned(b, "smacks_max_unacked_stanzas"));
  EXPECT_TRUE(warned(b, "storage: sql (SQLite3)"));
  EXPECT_NO_THROW(scenarios::load_scenario_text(to_textproto(b), "host.textproto"));
}

TEST(ImportProsody, SandboxStopsLoopsIoAndSyntaxErrorsWithFileAndLine) {
  const std::string loop = error_of("loops.cfg.lua");
  EXPECT_NE(loop.find("loops.cfg.lua:2: the configuration runs too long"), std::string::npos) << loop;
  const std::string io = error_of("calls-io.cfg.lua");
  EXPECT_NE(io.find("calls-io.cfg.lua:3: io is not available"), std::string::npos) << io;
  const std::string syntax = error_of("bad.cfg.lua");
  EXPECT_NE(syntax.find("bad.cfg.lua:2:"), std::string::npos) << syntax;
  EXPECT_THROW(import_prosody(kData + "host.cfg.lua", {"c.example", "13"}), ImportError);
  EXPECT_THROW(import_prosody(kData + "host.cfg.lua", {"", "0.11"}), ImportError);
}

}  // namespace
}  // namespace spoolsim::import

// Presets as files: the built-in ones under scenarios/presets/ are the ones
// compiled in, each cites its sources; --preset-dir adds an operator's own,
// overrides built-in names, and a bad file is reported at its line; an
// unknown release is never "corrected" to a neighbouring one.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

namespace fs = std::filesystem;

fs::path presets_dir() { return fs::path(SPOOLSIM_SOURCE_DIR) / "scenarios" / "presets"; }

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".textproto") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> stems(const std::vector<fs::path>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.stem().string());
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

LoadedScenario with_server(const std::string& preset) {
  return load_scenario_text("server { preset: \"" + preset + "\" }", "t.textproto");
}

// The resolved scenario without the `preset:` line (two aliases differ only there).
std::string without_preset_line(const std::string& resolved) {
  std::istringstream in(resolved);
  std::string line, out;
  while (std::getline(in, line)) {
    if (!contains(line, "preset: ")) out += line + "\n";
  }
  return out;
}

TEST(ScenarioPresetFiles, EveryFileIsCompiledInAndLoads) {
  EXPECT_EQ(server_preset_names(), stems(files_in(presets_dir() / "servers")));
  EXPECT_EQ(client_preset_names(), stems(files_in(presets_dir() / "clients")));
  for (const auto& name : server_preset_names()) {
    SCOPED_TRACE(name);
    EXPECT_EQ(with_server(name).scenario.server.preset, name);
  }
  for (const auto& name : client_preset_names()) {
    SCOPED_TRACE(name);
    const LoadedScenario s = load_scenario_text("clients { name: \"" + name + "\" }", "t.textproto");
    ASSERT_EQ(s.scenario.clients.size(), 1U);
    EXPECT_EQ(s.scenario.clients[0].name, name);
  }
}

// Each file starts with a one-line summary, then names its sources: a
// repository (owner/name @ tag or commit, or a path in it) and a public URL.
TEST(ScenarioPresetFiles, EveryFileCitesItsSources) {
  std::vector<fs::path> files = files_in(presets_dir() / "servers");
  const std::vector<fs::path> clients = files_in(presets_dir() / "clients");
  files.insert(files.end(), clients.begin(), clients.end());
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::string text = slurp(file);
    EXPECT_EQ(text.rfind("# ", 0), 0U) << "first line: a comment with the summary";
    EXPECT_TRUE(contains(text, "sources.md")) << "cites the section of docs/sources.md";
    EXPECT_TRUE(contains(text, "# Sources:"));
    EXPECT_TRUE(contains(text, "https://")) << "a public URL";
  }
  for (const PresetInfo& p : server_presets()) {
    EXPECT_TRUE(p.built_in) << p.name;
    EXPECT_FALSE(p.summary.empty()) << p.name;
    EXPECT_EQ(p.file, "scenarios/presets/servers/" + p.name + ".textproto");
  }
}

// Releases with the same code are one line of data: `preset:` of the release
// they behave like, and they resolve to the same values.
TEST(ScenarioPresetFiles, AliasesResolveLikeTheReleaseTheyName) {
  const std::pair<const char*, const char*> same[] = {
      {"ejabberd-23.04", "ejabberd-23.01"}, {"ejabberd-24.06", "ejabberd-24.02"},
      {"ejabberd-24.07", "ejabberd-24.02"}, {"ejabberd-24.10", "ejabberd-24.02"},
      {"ejabberd-25.03", "ejabberd-24.12"}, {"ejabberd-25.07", "ejabberd-24.12"},
      {"ejabberd-26.07", "ejabberd-24.12"},
  };
  for (const auto& [alias, base] : same) {
    SCOPED_TRACE(alias);
    EXPECT_EQ(without_preset_line(with_server(alias).resolved_textproto),
              without_preset_line(with_server(base).resolved_textproto));
    const auto infos = server_presets();
    const auto it = std::find_if(infos.begin(), infos.end(), [&](const PresetInfo& p) { return p.name == alias; });
    ASSERT_NE(it, infos.end());
    EXPECT_EQ(it->starts_from, base);
  }
  // 24.07 and 24.12 are not aliases of each other: they run different rules.
  EXPECT_NE(without_preset_line(with_server("ejabberd-24.07").resolved_textproto),
            without_preset_line(with_server("ejabberd-24.12").resolved_textproto));
}

// ejabberd-25.09 is no release: the message must not offer 25.08 or 25.10
// (or, as before, 24.07 for 25.07): it lists the known releases instead.
TEST(ScenarioPresetFiles, UnknownReleaseListsTheKnownOnesWithoutASuggestion) {
  for (const char* unknown : {"ejabberd-25.09", "ejabberd-24.08", "prosody-13.1", "ejabberd-27.01"}) {
    SCOPED_TRACE(unknown);
    const std::string m = message_of([&] { (void)with_server(unknown); });
    EXPECT_TRUE(contains(m, "t.textproto:1:")) << m;
    EXPECT_TRUE(contains(m, std::string("unknown server preset \"") + unknown + "\"")) << m;
    EXPECT_FALSE(contains(m, "did you mean")) << m;
    for (const auto& name : server_preset_names()) EXPECT_TRUE(contains(m, name)) << name << " missing in " << m;
    EXPECT_EQ(message_of([&] { (void)server_preset_textproto(unknown); }).find("did you mean"), std::string::npos);
  }
}

class ScenarioPresetDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("spoolsim_presets_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "servers");
    fs::create_directories(dir_ / "clients");
  }
  void TearDown() override {
    forget_operator_presets();
    fs::remove_all(dir_);
  }
  fs::path write(const std::string& relative, const std::string& text) const {
    const fs::path p = dir_ / relative;
    std::ofstream(p) << text;
    return p;
  }
  fs::path dir_;
};

TEST_F(ScenarioPresetDir, OperatorPresetsAreListedAndUsable) {
  write("servers/acme-xmpp-1.0.textproto",
        "# ACME's patched 24.12\npreset: \"ejabberd-24.12\"\noffline { max_user_messages: 250 }\n");
  write("clients/acme-phone.textproto", "# ACME's app\nauth: \"sasl2_bind2\" stream_management: true\n");
  write("clients/README.md", "not a preset: ignored\n");
  add_preset_dir(dir_.string());
  const auto names = server_preset_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "acme-xmpp-1.0"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "ejabberd-24.12"), names.end()) << "built-ins stay";
  const auto clients = client_presets();
  const auto phone = std::find_if(clients.begin(), clients.end(), [](const PresetInfo& p) { return p.name == "acme-phone"; });
  ASSERT_NE(phone, clients.end());
  EXPECT_FALSE(phone->built_in);
  EXPECT_EQ(phone->summary, "ACME's app");
  EXPECT_EQ(client_preset_names().size(), files_in(presets_dir() / "clients").size() + 1);

  const LoadedScenario s = load_scenario_text(
      "server { preset: \"acme-xmpp-1.0\" } clients { name: \"p\" preset: \"acme-phone\" }", "t.textproto");
  EXPECT_EQ(s.scenario.server.offline.max_user_messages, 250U);
  ASSERT_TRUE(s.scenario.server.bind2_offline_strategy.has_value());
  EXPECT_EQ(*s.scenario.server.bind2_offline_strategy, models::StrategyKind::PurgeIfArchiving);
  EXPECT_EQ(s.scenario.clients[0].auth, models::Auth::Sasl2Bind2);
  ASSERT_EQ(s.preset_sources.size(), 2U);
  EXPECT_TRUE(contains(s.preset_sources[0], (dir_ / "servers/acme-xmpp-1.0.textproto").string())) << s.preset_sources[0];
  EXPECT_TRUE(contains(s.preset_sources[0], "starts from ejabberd-24.12: built-in scenarios/presets/servers/"))
      << s.preset_sources[0];
  EXPECT_TRUE(contains(s.preset_sources[1], "acme-phone.textproto")) << s.preset_sources[1];
  EXPECT_TRUE(contains(server_preset_textproto("acme-xmpp-1.0"), "max_user_messages: 250"));

  forget_operator_presets();
  EXPECT_EQ(server_preset_names(), stems(files_in(presets_dir() / "servers")));
}

TEST_F(ScenarioPresetDir, SameNameOverridesTheBuiltInAndMayStartFromIt) {
  write("servers/ejabberd-24.12.textproto",
        "# our 24.12: the example config's MAM default\npreset: \"ejabberd-24.12\"\nmam { default: \"always\" }\n");
  const std::string before = with_server("ejabberd-24.12").resolved_textproto;
  add_preset_dir(dir_.string());
  const LoadedScenario s = with_server("ejabberd-24.12");
  EXPECT_EQ(s.scenario.server.mam.default_mode, models::MamDefault::Always);
  EXPECT_EQ(s.scenario.server.stream_management.resume_timeout, 300 * sim::kSecond) << "the rest from the built-in";
  EXPECT_NE(s.resolved_textproto, before);
  ASSERT_EQ(s.preset_sources.size(), 1U);
  EXPECT_TRUE(contains(s.preset_sources[0], "overriding the built-in one")) << s.preset_sources[0];
  // Built-in releases that name 24.12 keep the built-in 24.12.
  EXPECT_EQ(with_server("ejabberd-25.03").scenario.server.mam.default_mode, models::MamDefault::Never);
  const auto infos = server_presets();
  const auto it = std::find_if(infos.begin(), infos.end(), [](const PresetInfo& p) { return p.name == "ejabberd-24.12"; });
  ASSERT_NE(it, infos.end());
  EXPECT_TRUE(it->overrides_built_in);
  EXPECT_EQ(std::count_if(infos.begin(), infos.end(), [](const PresetInfo& p) { return p.name == "ejabberd-24.12"; }), 1);
}

TEST_F(ScenarioPresetDir, ASyntaxErrorIsReportedAtItsLine) {
  const fs::path bad = write("servers/broken.textproto", "# broken\nbind2_offline_strategy: \"deliver\"\nmam { defualt: \"always\" }\n");
  const std::string m = message_of([&] { add_preset_dir(dir_.string()); });
  EXPECT_EQ(m.rfind(bad.string() + ":3:", 0), 0U) << m;
  EXPECT_TRUE(contains(m, "defualt")) << m;
  const auto names = server_preset_names();
  EXPECT_EQ(std::find(names.begin(), names.end(), "broken"), names.end()) << "a bad folder adds nothing";
}

TEST_F(ScenarioPresetDir, ABadValueIsReportedAtItsLine) {
  const fs::path bad = write("servers/odd.textproto",
                             "# odd\nbind2_offline_strategy: \"deliver\"\n\nstream_management {\n"
                             "  resume_timeout: \"five minutes\"\n}\n");
  const std::string m = message_of([&] { add_preset_dir(dir_.string()); });
  EXPECT_EQ(m.rfind(bad.string() + ":5:", 0), 0U) << m;
  EXPECT_TRUE(contains(m, "resume_timeout")) << m;
  const fs::path client = write("clients/odd-app.textproto", "# odd app\n\nauth: \"sasl3\"\n");
  fs::remove(bad);
  const std::string c = message_of([&] { add_preset_dir(dir_.string()); });
  EXPECT_EQ(c.rfind(client.string() + ":3:", 0), 0U) << c;
  EXPECT_TRUE(contains(c, "sasl3")) << c;
}

TEST_F(ScenarioPresetDir, FileRulesAreChecked) {
  // The name is the file's name.
  const fs::path named = write("clients/app.textproto", "# app\nname: \"other\"\n");
  std::string m = message_of([&] { add_preset_dir(dir_.string()); });
  EXPECT_EQ(m.rfind(named.string() + ":2:", 0), 0U) << m;
  EXPECT_TRUE(contains(m, "file name")) << m;
  fs::remove(named);
  // A base that does not exist, and a cycle.
  const fs::path orphan = write("servers/orphan.textproto", "# orphan\n\npreset: \"ejabberd-25.09\"\n");
  m = message_of([&] { add_preset_dir(dir_.string()); });
  EXPECT_EQ(m.rfind(orphan.string() + ":3:", 0), 0U) << m;
  EXPECT_FALSE(contains(m, "did you mean")) << m;
  fs::remove(orphan);
  write("servers/a.textproto", "# a\npreset: \"b\"\n");
  write("servers/b.textproto", "# b\npreset: \"a\"\n");
  m = message_of([&] { add_preset_dir(dir_.string()); });
  EXPECT_TRUE(contains(m, "cycle")) << m;
  fs::remove(dir_ / "servers/a.textproto");
  fs::remove(dir_ / "servers/b.textproto");
  // The same name from two folders.
  write("servers/twice.textproto", "# one\nbind2_offline_strategy: \"deliver\"\n");
  const fs::path other = dir_ / "other";
  fs::create_directories(other / "servers");
  std::ofstream(other / "servers/twice.textproto") << "# two\nbind2_offline_strategy: \"purge_all\"\n";
  add_preset_dir(dir_.string());
  m = message_of([&] { add_preset_dir(other.string()); });
  EXPECT_TRUE(contains(m, "twice.textproto")) << m;
  EXPECT_TRUE(contains(m, "also defined in")) << m;
}

TEST_F(ScenarioPresetDir, AFolderNeedsServersOrClients) {
  fs::remove_all(dir_ / "servers");
  fs::remove_all(dir_ / "clients");
  write("flat.textproto", "# flat\nbind2_offline_strategy: \"deliver\"\n");
  EXPECT_TRUE(contains(message_of([&] { add_preset_dir(dir_.string()); }), "servers/"));
  EXPECT_TRUE(contains(message_of([&] { add_preset_dir((dir_ / "missing").string()); }), "not a folder"));
}

}  // namespace
}  // namespace spoolsim::scenarios

namespace spoolsim::scenarios {
namespace {

// Issue 16: a preset "file" that is a directory, a FIFO with no writer, a
// device or larger than a scenario file may be is refused before it is read.
TEST_F(ScenarioPresetDir, NonRegularAndOverSizeFilesAreRefusedWithTheirName) {
  struct Case {
    std::string name;
    std::function<void(const fs::path&)> make;
    const char* why;
  };
  const std::vector<Case> cases = {
      {"folder", [](const fs::path& p) { fs::create_directory(p); }, "it is a directory"},
      {"fifo", [](const fs::path& p) { ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0); }, "it is a FIFO"},
      {"zero", [](const fs::path& p) { fs::create_symlink("/dev/zero", p); }, "it is a character device"},
      {"big",
       [](const fs::path& p) { std::ofstream(p, std::ios::binary) << std::string((4u << 20) + 1, '#'); },
       "more than the limit of 4 MiB"},
  };
  for (const Case& c : cases) {
    for (const char* folder : {"servers", "clients"}) {
      const fs::path p = dir_ / folder / (c.name + ".textproto");
      c.make(p);
      const std::string m = message_of([&] { add_preset_dir(dir_.string()); });
      EXPECT_TRUE(contains(m, p.string() + ": cannot read preset file: ")) << m;
      EXPECT_TRUE(contains(m, c.why)) << m;
      fs::remove_all(p);
      forget_operator_presets();
    }
  }
}

}  // namespace
}  // namespace spoolsim::scenarios

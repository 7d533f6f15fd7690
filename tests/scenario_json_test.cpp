// JSON (protobuf's JSON mapping) and text format give the same scenario.
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "scenario.pb.h"
#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The library file as JSON, through protobuf's own printer.
std::string as_json(const std::string& textproto, bool proto_names) {
  spoolsim::scenario::Scenario message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(textproto, &message));
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = proto_names;
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json, options).ok());
  return json;
}

TEST(ScenarioJson, LibraryFilesAsJsonResolveLikeText) {
  for (const auto& entry : std::filesystem::directory_iterator(std::string(SPOOLSIM_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".textproto") continue;
    SCOPED_TRACE(entry.path().string());
    const std::string text = read(entry.path().string());
    const LoadedScenario from_text = load_scenario_text(text, "s.textproto");
    for (bool proto_names : {true, false}) {  // snake_case and lowerCamelCase keys
      const LoadedScenario from_json = load_scenario_text(as_json(text, proto_names), "s.json");
      EXPECT_EQ(from_json.resolved_textproto, from_text.resolved_textproto);
      EXPECT_EQ(from_json.sha256, from_text.sha256);
    }
  }
}

TEST(ScenarioJson, HandWrittenJsonMatchesText) {
  const std::string json = R"({
    "name": "j",
    "seed": "7",
    "horizon": "3d", "warmup": "6h", "drain": "12h",
    "strategies": ["deliver", "purge_all"],
    "clients": [{"name": "phone", "preset": "conversations",
                 "onlineDuration": {"exponential": {"mean": "20m"}}}],
    "population": {"users": 300, "clientMix": [{"profile": "phone", "weight": 1}]},
    "server": {"preset": "ejabberd-24.12", "mam": {"default": "roster", "archiveLag": {"constant": "1s"}}},
    "traffic": {"size": {"lognormal": {"median": 500, "sigma": 0.3}}, "strangerShare": 0.1}
  })";
  const std::string text = R"(
    name: "j" seed: 7 horizon: "3d" warmup: "6h" drain: "12h"
    strategies: ["deliver", "purge_all"]
    clients { name: "phone" preset: "conversations" online_duration { exponential { mean: "20m" } } }
    population { users: 300 client_mix { profile: "phone" weight: 1 } }
    server { preset: "ejabberd-24.12" mam { default: "roster" archive_lag { constant: "1s" } } }
    traffic { size { lognormal { median: 500 sigma: 0.3 } } stranger_share: 0.1 }
  )";
  const LoadedScenario a = load_scenario_text(json, "j.json");
  const LoadedScenario b = load_scenario_text(text, "j.textproto");
  EXPECT_EQ(a.resolved_textproto, b.resolved_textproto);
  EXPECT_EQ(a.scenario.seed, 7U);
  EXPECT_EQ(a.scenario.server.mam.default_mode, models::MamDefault::Roster);
  EXPECT_EQ(a.scenario.server.mam.archive_lag.a, 1.0 * sim::kSecond);
}

TEST(ScenarioJson, JsonFileByExtensionWithSets) {
  const auto path = std::filesystem::temp_directory_path() / ("scenario_json_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"population": {"users": 50}})";
  const LoadedScenario loaded = load_scenario_file(path.string(), {"population.users=60"});
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.scenario.population.users, 60U);
  EXPECT_EQ(loaded.source, path.string());
}

}  // namespace
}  // namespace spoolsim::scenarios

// Loading scenario files (protobuf text format or JSON), applying presets and
// --set overrides, and validating into a models::Scenario. Nothing here
// prints or exits: errors are ScenarioError with a message for people.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"

namespace spoolsim::scenarios {

// what(): "file:line:column: field.path: what is wrong; what is allowed"
// (or "file: field.path: ..." where no position is known). Exit status 2.
struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct LoadedScenario {
  models::Scenario scenario;      // validated, presets resolved
  std::string source;             // file path, or "<built-in default>"
  std::string resolved_textproto; // the fully resolved scenario (for `explain`)
  std::string sha256;             // hex SHA-256 of the resolved textproto
};

// `sets` are "path=value" overrides (--set), applied after the file and
// validated like it. A path ending in .json is read as protobuf JSON.
LoadedScenario load_scenario_file(const std::string& path, const std::vector<std::string>& sets = {});
// The built-in default (scenarios/default.textproto compiled in).
LoadedScenario load_default_scenario(const std::vector<std::string>& sets = {});
// From text already in memory (tests, fuzzer); `name` is used in messages.
LoadedScenario load_scenario_text(const std::string& text, const std::string& name,
                                  const std::vector<std::string>& sets = {});

// Presets (sourced from domain-facts.md).
std::vector<std::string> server_preset_names();
std::vector<std::string> client_preset_names();
// A preset as textproto; throws ScenarioError for an unknown name.
std::string server_preset_textproto(const std::string& name);
std::string client_preset_textproto(const std::string& name);

}  // namespace spoolsim::scenarios

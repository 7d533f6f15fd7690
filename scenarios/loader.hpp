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

// Where one resolved value came from (issue 14 item 4).
struct FieldOrigin {
  enum class Kind { Default, ServerPreset, ClientPreset, File, Import, Calibration, Set };
  std::string path;   // "server.mam.default", "clients[phone].auth"
  std::string value;  // as textproto: "always" (quoted), 0.3, ["a", "b"]
  Kind kind = Kind::Default;
  // "my.textproto:12:5", "--set a=b", "server preset ejabberd-24.12",
  // "client preset conversations", "built-in default", or for an import
  // "ejabberd.yml:188 (via my.textproto:12:5)"; for a calibrated one the
  // fit ("n=812, lognormal by AIC ..., KS 0.021 (via my.textproto:9:3)").
  std::string where;
  bool live = false;  // written in the scenario file or by --set (explain keeps it)
};
std::string origin_kind_name(FieldOrigin::Kind kind);

struct LoadedScenario {
  models::Scenario scenario;      // validated, presets resolved
  std::string source;             // file path, or "<built-in default>"
  std::string resolved_textproto; // the fully resolved scenario (for `explain`)
  std::string sha256;             // hex SHA-256 of the resolved textproto
  // Where each preset the scenario uses came from, one line each
  // ("server preset ejabberd-24.12: built-in scenarios/presets/servers/...").
  std::vector<std::string> preset_sources;
  std::vector<FieldOrigin> origins;  // one per resolved value, in textproto order
  // The resolved scenario with each value's origin as a comment; values a
  // preset or default chose are commented out, so the text resolves to the
  // same SHA-256 and still follows a preset it is switched to (`explain`).
  std::string explained_textproto;
};

// A value the results depend on that an operator should check: where it
// came from, and whether it is a guess (a default or preset, not the file,
// an import or --set). `run` reports these; `explain` prints them.
struct Assumption {
  std::string topic;   // connectivity, client mix, stranger share, traffic rate, MAM preferences
  std::string value;   // what the run uses, briefly
  std::string origin;  // where it came from
  bool check = false;  // true: a default or preset, not stated for this server
};
std::vector<Assumption> assumptions(const LoadedScenario& loaded);
// R4.1: messages_per_user_per_day is the *candidate* rate; a candidate is
// dropped while all the sender's devices are offline. This estimate of the
// sent rate uses each profile's mean online and offline durations and the
// mean device count (devices independent), so it is approximate.
double expected_sent_per_user_per_day(const models::Scenario& s);
// The other way (sent_messages_per_user_per_day stated): the mean candidate
// rate the world solves for, with the same approximation.
double expected_candidates_per_user_per_day(const models::Scenario& s);
// P(some device of a user online) under that approximation (1 when senders
// need not be online).
double online_share_estimate(const models::Scenario& s);

// `sets` are "path=value" overrides (--set), applied after the file and
// validated like it. A path ending in .json is read as protobuf JSON.
// The file must be a regular file of at most 4 MiB (models/inputs/input_file.hpp);
// the path "-" reads standard input (load_scenario_stdin).
LoadedScenario load_scenario_file(const std::string& path, const std::vector<std::string>& sets = {});
// Standard input (a pipe or a redirected file), JSON when it starts with '{'.
LoadedScenario load_scenario_stdin(const std::vector<std::string>& sets = {});
// The built-in default (scenarios/default.textproto compiled in).
LoadedScenario load_default_scenario(const std::vector<std::string>& sets = {});
// From text already in memory (tests, fuzzer); `name` is used in messages.
LoadedScenario load_scenario_text(const std::string& text, const std::string& name,
                                  const std::vector<std::string>& sets = {});

// Presets are data: scenarios/presets/{servers,clients}/NAME.textproto,
// compiled in, with their sources in comments (docs/sources.md), plus an
// operator's own from add_preset_dir.
struct PresetInfo {
  std::string name;
  std::string summary;      // the file's first comment line
  std::string file;         // repository path (built in) or the operator's file
  bool built_in = true;
  bool overrides_built_in = false;  // an operator's file with a built-in name
  std::string starts_from;  // the preset its file names with `preset:`, or ""
  std::string source;       // where it came from, down its `preset:` chain
};
std::vector<PresetInfo> server_presets();
std::vector<PresetInfo> client_presets();
std::vector<std::string> server_preset_names();
std::vector<std::string> client_preset_names();
// A preset as textproto; throws ScenarioError for an unknown name.
std::string server_preset_textproto(const std::string& name);
std::string client_preset_textproto(const std::string& name);
// Adds DIR/servers/*.textproto and DIR/clients/*.textproto (--preset-dir).
// An operator's preset of a built-in name overrides the built-in one; the
// same name in two operator files is an error. Each file is checked as a
// scenario that uses it; errors are ScenarioError "file:line:column: ...".
// Call before scenarios are loaded (it is not meant to race with loading).
void add_preset_dir(const std::string& dir);
// Back to the built-in presets only (tests).
void forget_operator_presets();

}  // namespace spoolsim::scenarios

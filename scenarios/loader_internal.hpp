// Pieces of the scenario loader shared between its files (not a public API).
// The pipeline: parse (text or JSON) -> --set overrides -> resolve presets and
// defaults -> validate and convert to models::Scenario.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/inputs/scenario.hpp"
#include "scenario.pb.h"
#include "scenarios/loader.hpp"

namespace spoolsim::scenarios::detail {

namespace pb = ::spoolsim::scenario;

// Where each field path of a scenario came from, so that an error can name
// `file:line:column` or `--set path=value`. Paths look like
// `server.mam.default`, `population.client_mix[2].weight`, `clients[phone].auth`.
struct Origin {
  std::string name;      // file name as given, or "<built-in default>"
  std::string base_dir;  // for relative paths inside the scenario (contacts.file)
  struct Position {
    int line = 0;  // 1-based
    int column = 0;
  };
  std::map<std::string, Position> positions;  // text format only
  std::map<std::string, std::string> sets;    // path -> "--set path=value"

  // "file:line:column" / "--set path=value" / "file", for the most specific
  // known ancestor of `path`.
  std::string where(const std::string& path) const;
};

// Throws ScenarioError "where: path: what".
[[noreturn]] void fail(const Origin& origin, const std::string& path, const std::string& what);

// "a, b or c" and the closest spelling (empty if none is close).
std::string join_allowed(const std::vector<std::string>& names);
std::string closest(std::string_view word, const std::vector<std::string>& names);
// Input echoed in a message is cut to this many bytes: a 1 MB key must not
// give 2 MB of stderr. echoed() cuts and says how long the input was.
inline constexpr std::size_t kMaxEchoedBytes = 80;
std::string echoed(std::string_view word);
// "unknown X "foo"; allowed: a, b or c (did you mean "fo"?)"
std::string unknown_name(std::string_view what, std::string_view word,
                         const std::vector<std::string>& names);

// text_format.cpp: parses protobuf text format; records field positions.
pb::Scenario parse_text(const std::string& text, Origin& origin);
// Parses text format into any message (presets, --set values); throws
// ScenarioError prefixed with `where`.
void parse_text_into(const std::string& text, const std::string& where,
                     google::protobuf::Message& message);
// json_format.cpp: protobuf JSON mapping; syntax errors with line:column.
pb::Scenario parse_json(const std::string& text, const Origin& origin);

// overrides.cpp: applies one "path=value" to the raw scenario (--set).
void apply_set(const std::string& assignment, pb::Scenario& raw, Origin& origin);

// presets.cpp / defaults.cpp
const pb::Scenario& generic_defaults();
const pb::ClientProfile& generic_client();
// nullptr when unknown; `name` may be an alias (ejabberd-24.07 -> 24.02's).
const pb::Server* find_server_preset(const std::string& name);
const pb::ClientProfile* find_client_preset(const std::string& name);
// "unknown server preset ...; known: ..." with no nearest-name suggestion (a
// neighbouring release may behave differently).
std::string unknown_server_preset(std::string_view word);
// Where a preset came from (PresetInfo::source), "" if unknown.
std::string preset_source(bool server, const std::string& name);

// resolve.cpp: defaults < presets < file < --set, everything filled in.
void overlay(google::protobuf::Message& dst, const google::protobuf::Message& src);
pb::Scenario resolve(const pb::Scenario& raw, const Origin& origin);

// to_model.cpp: validates the resolved scenario and converts it.
models::Scenario to_model(const pb::Scenario& resolved, const Origin& origin);
// validate.cpp: checks that span fields (phases, contact file).
void validate_whole(const pb::Scenario& resolved, const models::Scenario& s, const Origin& origin);

// The registered strategies' names (R8), built-in ones first.
const std::vector<std::string>& strategy_names();
// For a string field that takes an enum name (by its field name: "auth",
// "strategies", "default", ...): "\"a\", \"b\" or \"c\"" from the enum's
// table; empty for any other field. to_model.cpp.
std::string enum_field_values(std::string_view field);

// origins.cpp: each resolved leaf's origin (`text` is the scenario file's, for
// its `# import:` comments), and `explain`'s annotated text.
std::vector<FieldOrigin> field_origins(const pb::Scenario& raw, const pb::Scenario& resolved, const Origin& origin,
                                       const std::string& text);
std::string print_explained(const pb::Scenario& resolved, const std::vector<FieldOrigin>& origins);

// sha256.cpp
std::string sha256_hex(std::string_view data);

// The resolved textproto, printed deterministically.
std::string print_text(const google::protobuf::Message& message);

}  // namespace spoolsim::scenarios::detail

// The public entry points: read, parse, apply --set, resolve, validate,
// convert; the resolved scenario is printed once more for `explain`.
#include <google/protobuf/descriptor.h>

#include <new>
#include <string>
#include <vector>

#include "models/inputs/input_file.hpp"
#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios {

extern const char* const kDefaultScenarioText;  // default_scenario.cpp (generated)

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

namespace gp = google::protobuf;

// Every string of the resolved scenario must be UTF-8: reports (JSON above
// all) carry them, and a bad byte found after the run would cost the run.
// The schema has no recursive messages, so the depth is the schema's.
void check_utf8(const gp::Message& message, const std::string& prefix, const detail::Origin& origin) {
  const gp::Reflection& r = *message.GetReflection();
  std::vector<const gp::FieldDescriptor*> fields;
  r.ListFields(message, &fields);
  for (const gp::FieldDescriptor* f : fields) {
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    const int count = f->is_repeated() ? r.FieldSize(message, f) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string item = f->is_repeated() ? path + "[" + std::to_string(i) + "]" : path;
      if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) {
        check_utf8(f->is_repeated() ? r.GetRepeatedMessage(message, f, i) : r.GetMessage(message, f), item, origin);
      } else if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_STRING) {
        const std::string value = f->is_repeated() ? r.GetRepeatedString(message, f, i) : r.GetString(message, f);
        if (const auto at = models::invalid_utf8_offset(value); at != std::string::npos) {
          detail::fail(origin, item, "not valid UTF-8 at byte " + std::to_string(at) +
                                         " of the value; allowed: UTF-8 text");
        }
      }
    }
  }
}

// A UTF-8 byte-order mark is accepted and dropped (editors on Windows add it).
std::string without_bom(const std::string& text) {
  return text.rfind("\xEF\xBB\xBF", 0) == 0 ? text.substr(3) : text;
}

LoadedScenario load_checked(const std::string& file_text, detail::Origin origin, bool is_json,
                            const std::vector<std::string>& sets) {
  const std::string text = without_bom(file_text);
  detail::pb::Scenario raw = is_json ? detail::parse_json(text, origin) : detail::parse_text(text, origin);
  for (const auto& assignment : sets) detail::apply_set(assignment, raw, origin);
  const detail::pb::Scenario resolved = detail::resolve(raw, origin);
  check_utf8(resolved, "", origin);
  LoadedScenario out;
  out.scenario = detail::to_model(resolved, origin);
  detail::validate_whole(resolved, out.scenario, origin);
  out.source = origin.name;
  out.resolved_textproto = detail::print_text(resolved);
  out.sha256 = detail::sha256_hex(out.resolved_textproto);
  out.origins = detail::field_origins(raw, resolved, origin, text);
  out.explained_textproto = detail::print_explained(resolved, out.origins);
  if (!resolved.server().preset().empty()) {
    out.preset_sources.push_back("server preset " + resolved.server().preset() + ": " +
                                 detail::preset_source(true, resolved.server().preset()));
  }
  for (const auto& profile : resolved.clients()) {
    if (profile.preset().empty()) continue;
    out.preset_sources.push_back("client preset " + profile.preset() + " (profile " + profile.name() +
                                 "): " + detail::preset_source(false, profile.preset()));
  }
  return out;
}

// Any other exception from below (a sim/ or models/ check this loader should
// have made first) still becomes a message, never a crash.
LoadedScenario load(const std::string& text, detail::Origin origin, bool is_json, const std::vector<std::string>& sets) {
  const std::string name = origin.name;
  try {
    return load_checked(text, std::move(origin), is_json, sets);
  } catch (const ScenarioError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw ScenarioError(name + ": " + e.what());
  }
}

// JSON when the name says so, or when the text starts with '{' (after spaces).
bool looks_like_json(const std::string& name, const std::string& text) {
  if (ends_with(name, ".json")) return true;
  if (ends_with(name, ".textproto") || ends_with(name, ".txtpb") || ends_with(name, ".pbtxt")) return false;
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

}  // namespace

LoadedScenario load_scenario_file(const std::string& path, const std::vector<std::string>& sets) {
  if (path == "-") return load_scenario_stdin(sets);
  std::string text;
  try {
    text = models::read_input_file(path, {"scenario file", models::kMaxScenarioFileBytes, false});
  } catch (const models::InputFileError& e) {
    throw ScenarioError(std::string(e.what()) + " (a .textproto or .json scenario)");
  }
  detail::Origin origin;
  origin.name = path;
  const auto slash = path.rfind('/');
  origin.base_dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  return load(text, std::move(origin), ends_with(path, ".json"), sets);
}

LoadedScenario load_scenario_stdin(const std::vector<std::string>& sets) {
  std::string text;
  try {
    text = models::read_input_file("-", {"scenario", models::kMaxScenarioFileBytes, true});
  } catch (const models::InputFileError& e) {
    throw ScenarioError(e.what());
  }
  detail::Origin origin;
  origin.name = "<stdin>";
  origin.base_dir = ".";
  return load(text, std::move(origin), looks_like_json("", without_bom(text)), sets);
}

LoadedScenario load_default_scenario(const std::vector<std::string>& sets) {
  detail::Origin origin;
  origin.name = "<built-in default>";
  return load(kDefaultScenarioText, std::move(origin), false, sets);
}

LoadedScenario load_scenario_text(const std::string& text, const std::string& name,
                                  const std::vector<std::string>& sets) {
  detail::Origin origin;
  origin.name = name;
  return load(text, std::move(origin), looks_like_json(name, without_bom(text)), sets);
}

}  // namespace spoolsim::scenarios

// The public entry points: read, parse, apply --set, resolve, validate,
// convert; the resolved scenario is printed once more for `explain`.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios {

extern const char* const kDefaultScenarioText;  // default_scenario.cpp (generated)

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

LoadedScenario load_checked(const std::string& text, detail::Origin origin, bool is_json,
                            const std::vector<std::string>& sets) {
  detail::pb::Scenario raw = is_json ? detail::parse_json(text, origin) : detail::parse_text(text, origin);
  for (const auto& assignment : sets) detail::apply_set(assignment, raw, origin);
  const detail::pb::Scenario resolved = detail::resolve(raw, origin);
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(path + ": cannot read scenario file: " + std::strerror(errno) +
                        " (allowed: a readable .textproto or .json file)");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ScenarioError(path + ": cannot read scenario file: " + std::strerror(errno));
  detail::Origin origin;
  origin.name = path;
  const auto slash = path.rfind('/');
  origin.base_dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  return load(buffer.str(), std::move(origin), ends_with(path, ".json"), sets);
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
  return load(text, std::move(origin), looks_like_json(name, text), sets);
}

}  // namespace spoolsim::scenarios

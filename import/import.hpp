// Importers: an operator's server configuration (ejabberd.yml, prosody.cfg.lua)
// becomes the `server` section of a scenario, every value with the file:line it
// came from, and every relevant option it cannot map as a warning. Nothing here
// prints or exits: errors are ImportError (a ScenarioError, exit status 2) with
// "file:line: what is wrong".
#pragma once
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace spoolsim::import {

struct ImportError : scenarios::ScenarioError {
  using scenarios::ScenarioError::ScenarioError;
};

// One scenario field set from the configuration.
struct MappedValue {
  std::string path;    // under `server`, e.g. "offline.max_user_messages"
  std::string value;   // textproto literal: 100, true, "300s"
  std::string source;  // "file:line"
  std::string note;    // how it was read ("shaper_rules max_user_offline_messages, value for all")
};

struct ImportResult {
  std::string server;   // "ejabberd" or "prosody"
  std::string file;     // the configuration file as given
  std::string host;     // the virtual host read
  std::string preset;   // the server preset the release chose
  std::vector<MappedValue> values;
  std::vector<std::string> warnings;  // "file:line: option: why it is not mapped"
};

struct ImportOptions {
  std::string host;     // empty: the first host the file names
  std::string release;  // "24.12"; must be a known release of the server
};

// The releases spoolsim has a preset for ("23.01", ..., or "0.12", "13").
std::vector<std::string> known_releases(const std::string& server);
// "ejabberd-24.12"; throws ImportError listing the known releases when unknown.
std::string preset_for_release(const std::string& server, const std::string& release);

ImportResult import_ejabberd(const std::string& file, const ImportOptions& options);
ImportResult import_prosody(const std::string& file, const ImportOptions& options);

// A scenario file: a header, the warnings as comments, and a `server` block
// whose values each carry "# import: file:line" (read back as their origin).
std::string to_textproto(const ImportResult& result);

}  // namespace spoolsim::import

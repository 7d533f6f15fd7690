#include "viz/knobs.hpp"

#include <cctype>
#include <cstdio>

namespace spoolsim::viz {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

bool needs_quotes(const std::string& s) {
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '=' ||
          c == '/' || c == '[' || c == ']' || c == ',' || c == ':')) {
      return true;
    }
  }
  return s.empty();
}

}  // namespace

Knobs knobs_of(const models::Scenario& scenario) {
  Knobs k;
  k.server_preset = scenario.server.preset;
  k.mam_default = scenario.server.mam.default_mode;
  for (const models::WeightedProfile& w : scenario.population.client_mix) {
    k.client_names.push_back(w.profile < scenario.clients.size() ? scenario.clients[w.profile].name
                                                                 : "#" + std::to_string(w.profile));
    k.client_weights.push_back(static_cast<float>(w.weight));
  }
  k.users = static_cast<int>(scenario.population.users);
  k.messages_per_user_per_day = static_cast<float>(scenario.traffic.messages_per_user_per_day);
  return k;
}

std::vector<std::string> knob_sets(const Knobs& edited, const Knobs& loaded) {
  std::vector<std::string> sets;
  if (edited.server_preset != loaded.server_preset && !edited.server_preset.empty()) {
    sets.push_back("server.preset=" + edited.server_preset);
  }
  if (edited.mam_default != loaded.mam_default) {
    sets.push_back(std::string("server.mam.default=") + models::to_string(edited.mam_default));
  }
  for (std::size_t i = 0; i < edited.client_weights.size() && i < loaded.client_weights.size(); ++i) {
    if (edited.client_weights[i] != loaded.client_weights[i]) {
      sets.push_back("population.client_mix[" + std::to_string(i) +
                     "].weight=" + number(static_cast<double>(edited.client_weights[i])));
    }
  }
  if (edited.users != loaded.users) {
    sets.push_back("population.users=" + std::to_string(edited.users));
  }
  if (edited.messages_per_user_per_day != loaded.messages_per_user_per_day) {
    sets.push_back("traffic.messages_per_user_per_day=" +
                   number(static_cast<double>(edited.messages_per_user_per_day)));
  }
  return sets;
}

std::string equivalent_command(const std::string& scenario_path, const std::vector<std::string>& sets) {
  std::string cmd = "spoolsim run";
  if (!scenario_path.empty()) {
    cmd += " " + (needs_quotes(scenario_path) ? "'" + scenario_path + "'" : scenario_path);
  }
  for (const std::string& s : sets) {
    cmd += " --set " + (needs_quotes(s) ? "'" + s + "'" : s);
  }
  return cmd;
}

}  // namespace spoolsim::viz

// The defaults and assumptions an operator should check (issue 14 item 4):
// each topic's value and origin from the resolved scenario's FieldOrigins.
#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace spoolsim::scenarios {
namespace {

bool stated(FieldOrigin::Kind k) {
  return k == FieldOrigin::Kind::File || k == FieldOrigin::Kind::Import || k == FieldOrigin::Kind::Calibration ||
         k == FieldOrigin::Kind::Set;
}

// Origins of the fields whose path matches: a short list of distinct
// descriptions, and whether every one was stated for this server.
struct Summary {
  std::string origin;
  bool all_stated = true;
};

Summary summarize(const LoadedScenario& loaded, const std::function<bool(const std::string&)>& match) {
  std::set<std::string> kinds;
  Summary out;
  bool any = false;
  for (const FieldOrigin& o : loaded.origins) {
    if (!match(o.path)) continue;
    any = true;
    if (!stated(o.kind)) out.all_stated = false;
    if (o.kind == FieldOrigin::Kind::Default) {
      kinds.insert(o.where.rfind("built-in default scenario", 0) == 0 ? "built-in default scenario"
                                                                       : "built-in default");
    } else if (o.kind == FieldOrigin::Kind::File || o.kind == FieldOrigin::Kind::Set) {
      kinds.insert(o.kind == FieldOrigin::Kind::Set ? "--set" : "scenario file");
    } else {
      kinds.insert(o.kind == FieldOrigin::Kind::Import        ? "import"
                   : o.kind == FieldOrigin::Kind::Calibration ? "calibration"
                                                              : o.where);
    }
  }
  if (!any) {
    kinds.insert("built-in default");
    out.all_stated = false;
  }
  for (const std::string& k : kinds) out.origin += (out.origin.empty() ? "" : ", ") + k;
  return out;
}

bool starts(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool is_connectivity(const std::string& p) {
  if (!starts(p, "clients[")) return false;
  return p.find("].online_duration") != std::string::npos || p.find("].offline_duration") != std::string::npos ||
         p.find("].abrupt_disconnect_share") != std::string::npos || p.find("].diurnal") != std::string::npos;
}

std::string hours(double microseconds) { return fmt::format("{:.3g} h", microseconds / 3.6e9); }

}  // namespace

double expected_sent_per_user_per_day(const models::Scenario& s) {
  if (s.traffic.sent_messages_per_user_per_day) return *s.traffic.sent_messages_per_user_per_day;
  return s.traffic.messages_per_user_per_day * online_share_estimate(s);
}

double expected_candidates_per_user_per_day(const models::Scenario& s) {
  if (!s.traffic.sent_messages_per_user_per_day) return s.traffic.messages_per_user_per_day;
  const double online = online_share_estimate(s);
  return online > 0 ? *s.traffic.sent_messages_per_user_per_day / online : 0.0;
}

double online_share_estimate(const models::Scenario& s) {
  if (!s.traffic.sender_must_be_online) return 1.0;
  double total = 0, online = 0;
  for (const auto& w : s.population.client_mix) {
    const auto& c = s.clients.at(w.profile);
    const double on = c.online_duration.mean(), off = c.offline_duration.mean();
    if (!std::isfinite(on) || !std::isfinite(off) || on + off <= 0) continue;
    online += w.weight * on / (on + off);
    total += w.weight;
  }
  if (total <= 0) return 1.0;
  const double devices = s.population.devices_per_user.mean();
  return (1.0 - std::pow(1.0 - online / total, std::isfinite(devices) ? devices : 1.0));
}

std::vector<Assumption> assumptions(const LoadedScenario& loaded) {
  const models::Scenario& s = loaded.scenario;
  std::vector<Assumption> out;
  {
    std::string value;
    for (const auto& c : s.clients) {
      value += fmt::format("{}{}: on {}, off {} (means), {:.0f}% abrupt", value.empty() ? "" : "; ", c.name,
                           hours(c.online_duration.mean()), hours(c.offline_duration.mean()),
                           100.0 * c.abrupt_disconnect_share);
    }
    const Summary o = summarize(loaded, is_connectivity);
    out.push_back({"connectivity", value, o.origin, !o.all_stated});
  }
  {
    std::string value;
    double total = 0;
    for (const auto& w : s.population.client_mix) total += w.weight;
    for (const auto& w : s.population.client_mix) {
      value += fmt::format("{}{} {:.0f}%", value.empty() ? "" : ", ", s.clients.at(w.profile).name,
                           total > 0 ? 100.0 * w.weight / total : 0.0);
    }
    value += fmt::format("; {:.2f} devices per user (mean)", s.population.devices_per_user.mean());
    const Summary o = summarize(loaded, [](const std::string& p) {
      return starts(p, "population.client_mix") || starts(p, "population.device_slots") ||
             starts(p, "population.devices_per_user");
    });
    out.push_back({"client mix", value, o.origin, !o.all_stated});
  }
  {
    const Summary o = summarize(loaded, [](const std::string& p) { return p == "traffic.stranger_share"; });
    out.push_back({"stranger share", fmt::format("{:g}", s.traffic.stranger_share), o.origin, !o.all_stated});
  }
  {
    const Summary o = summarize(loaded, [&s](const std::string& p) {
      return p == (s.traffic.sent_messages_per_user_per_day ? "traffic.sent_messages_per_user_per_day"
                                                             : "traffic.messages_per_user_per_day") ||
             p == "traffic.sender_must_be_online";
    });
    std::string value;
    if (s.traffic.sent_messages_per_user_per_day) {
      value = fmt::format("{:g} sent per user per day (sent_messages_per_user_per_day)",
                          *s.traffic.sent_messages_per_user_per_day);
      if (s.traffic.sender_must_be_online) {
        value += fmt::format("; about {:.3g} candidates, solved per user from the devices' online probability "
                             "(messages_per_user_per_day is ignored, R4.1)",
                             expected_candidates_per_user_per_day(s));
      }
    } else {
      value = fmt::format("{:g} candidates per user per day (messages_per_user_per_day)",
                          s.traffic.messages_per_user_per_day);
      if (s.traffic.sender_must_be_online) {
        value += fmt::format("; about {:.3g} sent (a candidate is dropped while the sender is offline, R4.1)",
                             expected_sent_per_user_per_day(s));
      }
    }
    out.push_back({"traffic rate", value, o.origin, !o.all_stated});
  }
  {
    const Summary o = summarize(loaded, [](const std::string& p) {
      return p == "server.mam.default" || starts(p, "population.mam_default_overrides") ||
             p == "population.mam_always_contact_share" || p == "population.mam_never_contact_share";
    });
    std::string value = "server default " + std::string(models::to_string(s.server.mam.default_mode));
    for (const auto& m : s.population.mam_default_overrides) {
      value += fmt::format(", {:.0f}% of users {}", 100.0 * m.share, models::to_string(m.value));
    }
    if (!s.server.mam.enabled) value = "MAM off";
    out.push_back({"MAM preferences", value, o.origin, !o.all_stated});
  }
  return out;
}

}  // namespace spoolsim::scenarios

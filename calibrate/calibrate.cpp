// Fitting a scenario from sessions and messages (calibrate/calibrate.hpp).
// Online durations are the link periods of calibrate/sessions.hpp; offline
// durations the gaps between one device's periods. Periods and gaps cut by
// the log's start or end, or by a server stop, are censored values of the
// fits (docs/calibrate.md).
#include "calibrate/calibrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace spoolsim::calibrate {
namespace {

// chi-square(23 degrees of freedom) at 0.99: hourly counts further from flat
// than this are a diurnal profile.
constexpr double kChi2_23_99 = 41.638;

// The log's time resolution: Prosody writes whole seconds.
double resolution_s(LogFormat f) { return f == LogFormat::Prosody ? 1.0 : 1e-6; }

std::string seconds(double s) { return fmt::format("\"{:.3f}s\"", s); }

std::string duration_text(const Fit& f) {
  switch (f.family) {
    case Family::Exponential: return fmt::format("exponential {{ mean: {} }}", seconds(f.a));
    case Family::Lognormal:
      return fmt::format("lognormal {{ median: {} sigma: {:.4f} }}", seconds(std::exp(f.a)), f.b);
    case Family::Weibull: return fmt::format("weibull {{ scale: {} shape: {:.4f} }}", seconds(f.a), f.b);
  }
  return "";
}

std::string number_text(const Fit& f) {
  switch (f.family) {
    case Family::Exponential: return fmt::format("exponential {{ mean: {:.1f} }}", f.a);
    case Family::Lognormal: return fmt::format("lognormal {{ median: {:.1f} sigma: {:.4f} }}", std::exp(f.a), f.b);
    case Family::Weibull: return fmt::format("weibull {{ scale: {:.1f} shape: {:.4f} }}", f.a, f.b);
  }
  return "";
}

std::string fit_note(const Choice& c) {
  const Fit& f = c.best;
  const char* a = f.family == Family::Lognormal ? "mu" : f.family == Family::Weibull ? "scale" : "mean";
  std::string se = fmt::format("se {} {:.4g}", a, f.se_a);
  if (f.family != Family::Exponential) {
    se += fmt::format(", {} {:.4g}", f.family == Family::Lognormal ? "sigma" : "shape", f.se_b);
  }
  return fmt::format("n={}{}, {}; {}", f.n, f.censored ? fmt::format(" + {} cut", f.censored) : "", describe(c), se);
}

std::size_t utc_hour(double t) {
  const auto hour = static_cast<std::int64_t>(std::floor(t / 3600.0));
  return static_cast<std::size_t>(((hour % 24) + 24) % 24);
}

// Per UTC hour, returns online over offline device-hours: the world's
// diurnal scales the rate of coming back online (R3), so these rates over
// their mean are its factors. Written when they differ from flat: the
// returns' chi-square against the exposure's shares, 23 degrees of freedom,
// above the 1% point.
void presence_profile(const std::vector<std::pair<double, double>>& spans, const std::vector<double>& returns,
                      ClientFit& f) {
  std::array<double, 24> exposure{}, count{};
  for (const auto& [a, b] : spans) {
    for (double t = a; t < b;) {
      const double next = std::min(b, (std::floor(t / 3600.0) + 1) * 3600.0);
      exposure[utc_hour(t)] += next - t;
      t = next;
    }
  }
  for (double t : returns) count[utc_hour(t)] += 1;
  double total_exposure = 0, rate_sum = 0;
  for (std::size_t h = 0; h < 24; ++h) {
    if (exposure[h] <= 0) return;  // an hour never seen offline: no profile
    total_exposure += exposure[h];
    rate_sum += count[h] / exposure[h];
  }
  const double n = static_cast<double>(returns.size());
  double chi2 = 0;
  for (std::size_t h = 0; h < 24; ++h) {
    const double expected = n * exposure[h] / total_exposure;
    chi2 += (count[h] - expected) * (count[h] - expected) / expected;
  }
  f.diurnal_chi2 = chi2;
  if (chi2 <= kChi2_23_99 || rate_sum <= 0) return;
  for (std::size_t h = 0; h < 24; ++h) {
    f.diurnal.push_back(count[h] / exposure[h] / (rate_sum / 24.0));
    f.diurnal_returns.push_back(static_cast<std::size_t>(count[h]));
  }
}

struct DeviceRecord {
  std::string user, client;
  std::vector<const Session*> sessions;
};

}  // namespace

Calibration calibrate(const Options& o) {
  if (o.log_path.empty()) throw CalibrateError("--log: required (the server's log, or a sessions CSV)");
  const LogFormat format = o.log_format ? *o.log_format : guess_log_format(o.log_path);
  const SessionLog log = read_session_log(o.log_path, format);
  Calibration c;
  c.log_path = o.log_path;
  c.db_path = o.db_path;
  c.resources_known = log.resources_known;
  c.log_days = (log.last_s - log.first_s) / 86400.0;
  const double res = resolution_s(format);

  // Devices: a user's distinct resources (the user itself when none is logged).
  std::map<std::string, DeviceRecord> devices;
  std::map<std::string, std::set<std::string>> devices_of_user;
  for (const Session& s : log.sessions) {
    const std::string key = s.device.empty() ? s.user : s.device;
    DeviceRecord& d = devices[key];
    d.user = s.user;
    if (d.client.empty()) d.client = s.client;
    d.sessions.push_back(&s);
    devices_of_user[s.user].insert(key);
  }
  c.users = devices_of_user.size();
  if (!log.resources_known) {
    c.notes.push_back("the log names no resource (Prosody logs it at level debug): one device per user, and the "
                      "client is unknown; a user's devices' periods run together, so with several devices per user "
                      "the offline gaps come out too short (use the debug log, docs/calibrate.md)");
  }
  std::size_t max_devices = 1;
  for (const auto& [u, ds] : devices_of_user) max_devices = std::max(max_devices, ds.size());
  if (max_devices > 16) {
    c.notes.push_back(fmt::format("a user has {} resources (a client that picks a new resource at each login?); "
                                  "device counts above 16 are cut to 16",
                                  max_devices));
    max_devices = 16;
  }
  c.devices_per_user.assign(max_devices, 0.0);
  for (const auto& [u, ds] : devices_of_user) c.devices_per_user[std::min<std::size_t>(ds.size(), 16) - 1] += 1.0;

  // Per client: online periods, offline gaps, abrupt ends. A client with too
  // little data joins "unknown". Periods and gaps cut by a window's start or
  // end enter the fits as censored values (calibrate/fit.hpp); a CSV has no
  // windows, so only the gaps between its sessions are used.
  struct Samples {
    Sample online, offline;
    std::size_t abrupt = 0, ended = 0, devices = 0;
    std::vector<std::pair<double, double>> offline_spans;  // clock times, for the presence profile
    std::vector<double> returns;                          // logins that ended a seen offline span
  };
  const auto window_of = [&](double t) {
    std::size_t w = 0;
    while (w + 1 < log.windows.size() && log.windows[w + 1].start_s <= t) ++w;
    return w;
  };
  std::map<std::string, Samples> by_client;
  for (const auto& [key, d] : devices) {
    Samples& s = by_client[d.client.empty() ? "unknown" : d.client];
    ++s.devices;
    for (std::size_t i = 0; i < d.sessions.size(); ++i) {
      const Session& x = *d.sessions[i];
      const double length = std::max(x.end_s - x.start_s, res / 2);
      if (x.start_cut && x.end_cut) {
        // up through a whole window: too little to say (not used)
      } else if (x.start_cut) {
        s.online.start_cut.push_back(length);
      } else if (x.end_cut) {
        s.online.end_cut.push_back(length);
      } else {
        s.online.complete.push_back(length);
      }
      if (!x.end_cut) {
        ++s.ended;
        s.abrupt += x.abrupt ? 1 : 0;
      }
      const Session* previous = i > 0 ? d.sessions[i - 1] : nullptr;
      const Session* next = i + 1 < d.sessions.size() ? d.sessions[i + 1] : nullptr;
      if (log.windows.empty()) {
        if (previous != nullptr) s.offline.complete.push_back(std::max(x.start_s - previous->end_s, res / 2));
        continue;
      }
      const std::size_t w = window_of(x.start_s);
      const Window& window = log.windows[w];
      if (previous != nullptr && window_of(previous->start_s) == w) {
        if (!previous->end_cut) {
          s.offline.complete.push_back(std::max(x.start_s - previous->end_s, res / 2));
          s.offline_spans.emplace_back(previous->end_s, x.start_s);
          s.returns.push_back(x.start_s);
        }
      } else if (!x.start_cut && !window.server_start) {
        s.offline.start_cut.push_back(std::max(x.start_s - window.start_s, res / 2));  // offline since before the log
        s.offline_spans.emplace_back(window.start_s, x.start_s);
        s.returns.push_back(x.start_s);
      }
      if ((next == nullptr || window_of(next->start_s) != w) && !x.end_cut) {
        s.offline.end_cut.push_back(std::max(window.end_s - x.end_s, res / 2));  // still offline at the window's end
        s.offline_spans.emplace_back(x.end_s, window.end_s);
      }
    }
  }
  const auto append = [](std::vector<double>& to, const std::vector<double>& from) {
    to.insert(to.end(), from.begin(), from.end());
  };
  for (auto it = by_client.begin(); it != by_client.end();) {
    const Samples& x = it->second;
    if (it->first != "unknown" &&
        (x.online.complete.size() < o.min_sample || x.offline.complete.size() < o.min_sample)) {
      c.notes.push_back(fmt::format("client {}: {} complete sessions and {} offline gaps, fewer than {}: counted as "
                                    "unknown",
                                    it->first, x.online.complete.size(), x.offline.complete.size(), o.min_sample));
      Samples& u = by_client["unknown"];
      for (auto [to, from] : {std::pair{&u.online, &x.online}, std::pair{&u.offline, &x.offline}}) {
        append(to->complete, from->complete);
        append(to->end_cut, from->end_cut);
        append(to->start_cut, from->start_cut);
      }
      u.offline_spans.insert(u.offline_spans.end(), x.offline_spans.begin(), x.offline_spans.end());
      append(u.returns, x.returns);
      u.abrupt += x.abrupt;
      u.ended += x.ended;
      u.devices += x.devices;
      it = by_client.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [name, s] : by_client) {
    if (s.online.complete.size() < o.min_sample || s.offline.complete.size() < o.min_sample) {
      throw CalibrateError(fmt::format(
          "{}: too little data to fit connectivity: client {} has {} complete sessions and {} offline gaps "
          "over {:.2f} days; at least {} of each are needed (--min-sample)",
          o.log_path, name, s.online.complete.size(), s.offline.complete.size(), c.log_days, o.min_sample));
    }
    ClientFit f;
    f.name = name;
    f.preset = name != "unknown";
    f.devices = s.devices;
    f.sessions = s.ended;
    f.online = fit_by_aic(s.online);
    f.offline = fit_by_aic(s.offline);
    f.offline_gaps = s.offline.complete.size();
    const double n = static_cast<double>(s.ended);
    f.abrupt_share = static_cast<double>(s.abrupt) / n;
    f.abrupt_se = std::sqrt(std::max(f.abrupt_share * (1 - f.abrupt_share), 0.25 / n) / n);
    if (c.log_days >= 1 && s.returns.size() >= 24 * o.min_sample) presence_profile(s.offline_spans, s.returns, f);
    c.clients.push_back(std::move(f));
  }
  if (by_client.count("unknown") > 0 && log.resources_known) {
    c.notes.push_back("devices whose resource names no client preset are the generic client \"unknown\" "
                      "(auth sasl1, no stream management, no catch-up): set its preset by hand");
  }

  if (o.db_path.empty()) {
    c.notes.push_back("traffic (sent rate, strangers, sizes) not calibrated: give --db with the server's database");
    return c;
  }
  const ServerKind server =
      o.server ? *o.server : (format == LogFormat::Prosody ? ServerKind::Prosody : ServerKind::Ejabberd);
  const ArchiveData db = read_archive(o.db_path, server);
  c.messages = db.messages.size();
  double first = db.messages.front().time_s, last = first;
  for (const ArchivedMessage& m : db.messages) {
    first = std::min(first, m.time_s);
    last = std::max(last, m.time_s);
  }
  const double days = (last - first) / 86400.0;
  // The sent rate per user of the log's users: per-user counts, so the
  // standard error reflects how unevenly users send.
  std::map<std::string, double> sent;
  for (const auto& [u, ds] : devices_of_user) sent[u] = 0;
  std::size_t matched = 0;
  for (const ArchivedMessage& m : db.messages) {
    if (auto it = sent.find(m.sender); it != sent.end()) {
      it->second += 1;
      ++matched;
    }
  }
  if (matched < o.min_sample || days <= 0) {
    c.notes.push_back(fmt::format("sent rate not calibrated: {} archived messages from the log's users over {:.3g} "
                                  "days, fewer than {}",
                                  matched, days, o.min_sample));
  } else {
    double sum = 0, sq = 0;
    for (const auto& [u, n] : sent) sum += n;
    const double users = static_cast<double>(sent.size());
    const double mean = sum / users;
    for (const auto& [u, n] : sent) sq += (n - mean) * (n - mean);
    Estimate e;
    e.n = matched;
    e.value = mean / days;
    e.se = std::sqrt(sq / std::max(users - 1, 1.0) / users) / days;
    c.sent_per_user_per_day = e;
    c.notes.push_back("the sent rate counts archived messages only: messages nobody archived (MAM default never, "
                      "no-store hints) are not seen, so it is a lower bound unless every user archives");
  }
  // Strangers: among messages to local users whose roster is known.
  if (!db.roster_known) {
    c.notes.push_back("stranger share not calibrated: no roster table (rosterusers / the roster store)");
  } else {
    std::size_t n = 0, strangers = 0;
    for (const ArchivedMessage& m : db.messages) {
      if (!m.recipient_local) continue;
      ++n;
      strangers += m.stranger ? 1 : 0;
    }
    if (n < o.min_sample) {
      c.notes.push_back(fmt::format("stranger share not calibrated: {} messages to local users, fewer than {}", n,
                                    o.min_sample));
    } else {
      Estimate e;
      e.n = n;
      e.value = static_cast<double>(strangers) / static_cast<double>(n);
      e.se = std::sqrt(std::max(e.value * (1 - e.value), 0.25 / static_cast<double>(n)) / static_cast<double>(n));
      c.stranger_share = e;
    }
  }
  std::vector<double> sizes;
  for (const ArchivedMessage& m : db.messages) sizes.push_back(std::max<double>(m.size_bytes, 1));
  if (sizes.size() >= o.min_sample) {
    c.size = fit_by_aic(sizes);
  } else {
    c.notes.push_back(fmt::format("message sizes not calibrated: {} messages, fewer than {}", sizes.size(),
                                  o.min_sample));
  }
  // Diurnal profile of sends (UTC hours), when it differs from flat.
  if (db.messages.size() >= 24 * o.min_sample && days >= 1) {
    // Sends are over-dispersed (a user sends only while online), so the
    // chi-square is divided by the dispersion the days show: per hour of
    // day, the variance of its daily counts over their mean.
    std::array<double, 24> count{};
    std::map<std::int64_t, std::array<double, 24>> by_day;
    for (const ArchivedMessage& m : db.messages) {
      const auto hour = static_cast<std::int64_t>(std::floor(m.time_s / 3600.0));
      const auto h = static_cast<std::size_t>(((hour % 24) + 24) % 24);
      count[h] += 1;
      by_day[hour / 24][h] += 1;
    }
    double dispersion = 1;
    if (by_day.size() >= 3) {
      double var = 0, mean = 0;
      const double days_seen = static_cast<double>(by_day.size());
      for (std::size_t h = 0; h < 24; ++h) {
        const double m = count[h] / days_seen;
        double ss = 0;
        for (const auto& [d, day] : by_day) ss += (day[h] - m) * (day[h] - m);
        var += ss / (days_seen - 1);
        mean += m;
      }
      if (mean > 0) dispersion = std::max(1.0, var / mean);
    }
    const double expected = static_cast<double>(db.messages.size()) / 24.0;
    double chi2 = 0;
    for (double k : count) chi2 += (k - expected) * (k - expected) / expected;
    chi2 /= dispersion;
    c.diurnal_chi2 = chi2;
    if (chi2 > kChi2_23_99) {
      for (double k : count) c.traffic_diurnal.push_back(k / expected);
    }
  }
  return c;
}

std::string to_textproto(const Calibration& c) {
  std::string out;
  out += "# spoolsim calibrate: fitted from the session log" + std::string(c.db_path.empty() ? "" : " and the archive") +
         " (docs/calibrate.md).\n";
  out += fmt::format("# {} users over {:.2f} days of log{}. Users and devices are hashed; no name is kept.\n", c.users,
                     c.log_days, c.db_path.empty() ? "" : fmt::format(", {} archived messages", c.messages));
  out += "# Values marked \"# calibration:\" were fitted (sample size, fit chosen by AIC, Kolmogorov-Smirnov\n";
  out += "# distance, standard errors); add the server section from `spoolsim import`.\n";
  for (const std::string& n : c.notes) out += "# note: " + n + "\n";
  out += "name: \"calibrated\"\n";
  out += "population {\n";
  out += fmt::format("  users: {}  # calibration: distinct users in the log\n", c.users);
  std::string values, weights;
  double total_users = 0;
  for (std::size_t i = 0; i < c.devices_per_user.size(); ++i) {
    values += fmt::format("{}{}", i ? ", " : "", i + 1);
    weights += fmt::format("{}{:g}", i ? ", " : "", c.devices_per_user[i]);
    total_users += c.devices_per_user[i];
  }
  out += fmt::format(
      "  devices_per_user {{ empirical {{ values: [{}] weights: [{}] }} }}  # calibration: n={} users, distinct "
      "resources per user\n",
      values, weights, total_users);
  for (const ClientFit& f : c.clients) {
    out += fmt::format("  client_mix {{ profile: \"{}\" weight: {} }}  # calibration: n={} devices\n", f.name,
                       f.devices, f.devices);
  }
  out += "}\n";
  for (const ClientFit& f : c.clients) {
    out += "clients {\n";
    out += fmt::format("  name: \"{}\"\n", f.name);
    if (f.preset) out += fmt::format("  preset: \"{}\"  # calibration: the client its resources name\n", f.name);
    out += fmt::format("  online_duration {{ {} }}  # calibration: {}\n", duration_text(f.online.best),
                       fit_note(f.online));
    out += fmt::format("  offline_duration {{ {} }}  # calibration: {}\n", duration_text(f.offline.best),
                       fit_note(f.offline));
    out += fmt::format("  abrupt_disconnect_share: {:.4f}  # calibration: n={} sessions, se {:.4f}\n",
                       f.abrupt_share, f.sessions, f.abrupt_se);
    if (!f.diurnal.empty()) {
      std::string factors;
      std::size_t n = 0;
      for (std::size_t h = 0; h < f.diurnal.size(); ++h) {
        factors += fmt::format("{}{:.3f}", h ? ", " : "", f.diurnal[h]);
        n += f.diurnal_returns[h];
      }
      out += fmt::format("  diurnal: [{}]  # calibration: n={} returns online by UTC hour over offline time, chi2 "
                         "{:.1f} (flat if < {:.1f})\n",
                         factors, n, f.diurnal_chi2, kChi2_23_99);
    }
    out += "}\n";
  }
  if (c.sent_per_user_per_day || c.stranger_share || c.size || !c.traffic_diurnal.empty()) {
    out += "traffic {\n";
    if (c.sent_per_user_per_day) {
      out += fmt::format(
          "  sent_messages_per_user_per_day: {:.4f}  # calibration: n={} messages of {} users, se {:.4f}\n",
          c.sent_per_user_per_day->value, c.sent_per_user_per_day->n, c.users, c.sent_per_user_per_day->se);
    }
    if (c.stranger_share) {
      out += fmt::format("  stranger_share: {:.4f}  # calibration: n={} messages to local users, se {:.4f}\n",
                         c.stranger_share->value, c.stranger_share->n, c.stranger_share->se);
    }
    if (c.size) out += fmt::format("  size {{ {} }}  # calibration: {}\n", number_text(c.size->best), fit_note(*c.size));
    if (!c.traffic_diurnal.empty()) {
      std::string f;
      for (std::size_t h = 0; h < c.traffic_diurnal.size(); ++h) f += fmt::format("{}{:.3f}", h ? ", " : "", c.traffic_diurnal[h]);
      out += fmt::format("  diurnal: [{}]  # calibration: n={} messages by UTC hour, chi2 {:.1f} (flat if < {:.1f})\n",
                         f, c.messages, c.diurnal_chi2, kChi2_23_99);
    }
    out += "}\n";
  }
  return out;
}

}  // namespace spoolsim::calibrate

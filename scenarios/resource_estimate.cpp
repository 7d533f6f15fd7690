// The up-front size check's estimate (issue 16). Memory: a linear model in
// the workload's expected counts; time: linear in them too, times a slow-down
// that grows with the hot state against this machine's private cache. Both
// fitted to measured runs (peak RSS, user + system CPU); the calibration
// table (every library scenario, 10^4, 10^5 and 10^6 users, one and two
// threads) is in docs/sizing.md and scripts/measure-size-estimate makes it.
// Re-fit the constants when the simulator's data layout or speed changes.
#include "scenarios/resource_estimate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>

#include "scenarios/loader.hpp"
#include "sim/time.hpp"

namespace spoolsim::scenarios {
namespace {

// Memory. A run holds what is in flight, not what was sent: the world
// recycles message records daily, prunes archive entries no catch-up can
// read (docs/model.md, notes on scale), and the replicas keep a message's
// fate, spool and queue entries only while it is undecided. So memory grows
// with the messages sent per day, not with the horizon (10^4 users: the
// same peak RSS at 3, 7, 14 and 28 days, MAM default never or always), in
// three parts: the world's records of the last day or two; per strategy,
// the messages waiting for a recipient with no device online (spool
// entries, fates, their records), by Little's law the day's messages times
// the offline share times how long they wait (a device's mean offline
// period); and per strategy, the fates of archived messages a catch-up
// device still away may fetch. The waiting part costs more per message in
// larger populations (10^5 users: 1.3x what 10^4 hold per user; massif
// shows the heap linear from 10^4 to 4x10^4 users, so probably the
// power-of-two capacities of the fate tables), a term per doubling of the
// users beyond 10^4. Fitted (relative least squares) to the runs in
// docs/sizing.md ("Memory in flight"): every library scenario, 10^4 users
// varying strategies, rate, devices, MAM default and horizon, 2x10^4 and
// 10^5 users; the per-doubling term was then lowered from 61.8 B to 38 B
// by the one 10^6 users x 30 days run (3,386 MiB measured, 5.50 GB
// estimated with 61.8 B; now 1.28x there and 0.89x at 10^5 x 14 days: a
// log term cannot follow power-of-two table growth closely). The roster
// term is measured apart.
constexpr double kProcessBytes = 25.2e6;
constexpr double kBytesPerDayMessage = 68.8;
constexpr double kBytesPerWaitingDayMessagePerStrategy = 374.9;  // per day of mean offline period
constexpr double kBytesPerWaitingDayMessagePerStrategyPerDoubling = 38.0;
constexpr double kUsersBeforeGrowth = 1e4;
constexpr double kBytesPerArchivingDayMessagePerStrategy = 47.9;
// Rosters (both ends of every edge): +51 MB for 1.98 million more entries,
// measured apart (mean degree 1,000 against 10 at 2,000 users, docs/sizing.md).
constexpr double kBytesPerRosterEntry = 25.8;

// CPU time: the world generating every message and device login (shared by
// the strategies), each strategy's replica applying them (more when a
// message is archived: MAM writes, catch-up reads, expiry), and the world's
// rosters; times cpu_slowdown(): the per-message cost grows with the state
// the replicas touch at random (devices x strategies) once it outgrows the
// core's private cache (10^5 users cost 4-5x per message what 2,000 do).
// Fitted (relative least squares) to user + system CPU of Release runs,
// docs/sizing.md ("Memory in flight"; the world terms separate one strategy
// from five); the roster term is measured apart (mean degree 10 against
// 1,000 at 2,000 users).
// (A per-strategy term per message came out at zero: a replica's cost
// goes with the logins and the archive work, the message stream is the
// world's.)
constexpr double kSecondsPerMessage = 0.6251e-6;
constexpr double kSecondsPerSession = 0.1063e-6;
constexpr double kSecondsPerArchivingMessagePerStrategy = 0.1123e-6;
constexpr double kSecondsPerSessionPerStrategy = 0.1252e-6;
constexpr double kSecondsPerRosterEntry = 0.2e-6;
constexpr double kHotBytesPerDevicePerStrategy = 200.0;  // what the slow-down scales with
constexpr double kSlowdownPerDoubling = 0.729;  // per doubling of the hot state beyond the cache
constexpr double kDefaultCacheBytes = 2.0 * 1024 * 1024;
constexpr double kSecondsPerRun = 0.02;  // start-up, loading, the report
// Threads inside one replication (threads beyond the replications at once):
// the share of the ideal speed-up they reach. On an idle 2-core machine
// (docs/sizing.md) two threads gave CPU/wall 1.78 at 10^6 users x 30 days
// and 1.86 at 10^5 (0.89-0.93 of ideal, if the second thread adds no
// work); with other work on both cores 0.92x-1.29x. 0.85 (1.7x at two
// threads) stays below the idle figures.
constexpr double kInnerThreadEfficiency = 0.85;

double finite_or(double v, double fallback) { return std::isfinite(v) && v > 0.0 ? v : fallback; }

// Device logins per device and day, over the client mix (R3: a device
// alternates online and offline periods).
double logins_per_device_day(const models::Scenario& s) {
  double weight = 0.0, rate = 0.0;
  for (const models::WeightedProfile& w : s.population.client_mix) {
    if (w.profile >= s.clients.size()) continue;
    const models::ClientProfile& c = s.clients[w.profile];
    const double cycle = finite_or(c.online_duration.mean(), 0.0) + finite_or(c.offline_duration.mean(), 0.0);
    if (cycle <= 0.0) continue;
    rate += w.weight * static_cast<double>(sim::kDay) / cycle;
    weight += w.weight;
  }
  return weight > 0.0 ? rate / weight : 3.0;  // the default profiles: about 3 a day
}

// The share of time a recipient has no device online: each device is
// offline for its profile's mean offline / (online + offline) of the time
// (over the client mix), independently, to the power of the mean device
// count (as online_share_estimate() does for senders).
double offline_share(const models::Scenario& s) {
  double weight = 0.0, off = 0.0;
  for (const models::WeightedProfile& w : s.population.client_mix) {
    if (w.profile >= s.clients.size()) continue;
    const models::ClientProfile& c = s.clients[w.profile];
    const double on_mean = finite_or(c.online_duration.mean(), 0.0), off_mean = finite_or(c.offline_duration.mean(), 0.0);
    if (on_mean + off_mean <= 0.0) continue;
    off += w.weight * off_mean / (on_mean + off_mean);
    weight += w.weight;
  }
  if (weight <= 0.0) return 1.0;
  return std::pow(off / weight, finite_or(s.population.devices_per_user.mean(), 1.0));
}

// A device's mean offline period over the client mix, in days.
double mean_offline_days(const models::Scenario& s) {
  double weight = 0.0, days = 0.0;
  for (const models::WeightedProfile& w : s.population.client_mix) {
    if (w.profile >= s.clients.size()) continue;
    days += w.weight * sim::to_days(static_cast<sim::Duration>(finite_or(s.clients[w.profile].offline_duration.mean(), 0.0)));
    weight += w.weight;
  }
  return weight > 0.0 ? days / weight : 0.0;
}

std::uint64_t parse_limit(const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || !std::isfinite(v) || v <= 0.0) return 0;
  double scale = 1.0;
  switch (std::toupper(static_cast<unsigned char>(*end))) {
    case 'K': scale = 1024.0; break;
    case 'M': scale = 1024.0 * 1024.0; break;
    case 'G': scale = 1024.0 * 1024.0 * 1024.0; break;
    case 'T': scale = 1024.0 * 1024.0 * 1024.0 * 1024.0; break;
    default: break;
  }
  const double bytes = v * scale;
  return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(bytes);
}

// A number from a one-line file ("max" or unreadable: 0).
std::uint64_t read_number(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word.empty() || !std::isdigit(static_cast<unsigned char>(word[0]))) return 0;
  return std::strtoull(word.c_str(), nullptr, 10);
}

}  // namespace

Workload workload(const models::Scenario& s) {
  Workload w;
  w.users = s.population.users;
  w.devices = w.users * finite_or(s.population.devices_per_user.mean(), 1.0);
  w.roster_entries = w.users * std::max(0.0, s.contacts.mean_degree);
  w.messages = w.users * expected_sent_per_user_per_day(s) * std::max(0.0, sim::to_days(s.horizon - s.drain));
  w.sessions = w.devices * logins_per_device_day(s) * std::max(0.0, sim::to_days(s.horizon));
  w.strategies = static_cast<double>(std::max<std::size_t>(1, s.strategies.size()));
  w.messages_per_day = w.users * expected_sent_per_user_per_day(s);
  w.offline_share = offline_share(s);
  w.offline_days = std::min(mean_offline_days(s), std::max(0.0, sim::to_days(s.horizon)));
  return w;
}

// The share of messages archived for the recipient (R6.2): MAM default and
// overrides, strangers out of `roster`.
double archiving_share(const models::Scenario& s) {
  if (!s.server.mam.enabled) return 0.0;
  auto share = [&](models::MamDefault m) {
    return m == models::MamDefault::Always ? 1.0 : m == models::MamDefault::Roster ? 1.0 - s.traffic.stranger_share : 0.0;
  };
  double rest = 1.0, out = 0.0;
  for (const models::MamDefaultOverride& o : s.population.mam_default_overrides) {
    out += o.share * share(o.value);
    rest -= o.share;
  }
  return out + std::max(0.0, rest) * share(s.server.mam.default_mode);
}

double replication_bytes(const models::Scenario& s) {
  const Workload w = workload(s);
  const double doublings = w.users > kUsersBeforeGrowth ? std::log2(w.users / kUsersBeforeGrowth) : 0.0;
  const double waiting = w.offline_share * w.offline_days;  // days a day's message waits, on average
  const double per_strategy =
      waiting * (kBytesPerWaitingDayMessagePerStrategy + kBytesPerWaitingDayMessagePerStrategyPerDoubling * doublings) +
      archiving_share(s) * kBytesPerArchivingDayMessagePerStrategy;
  return w.messages_per_day * (kBytesPerDayMessage + w.strategies * per_strategy) +
         w.roster_entries * kBytesPerRosterEntry;
}

double cpu_slowdown(double working_set_bytes, double cache_bytes) {
  if (!(cache_bytes > 0.0) || !(working_set_bytes > cache_bytes)) return 1.0;
  return 1.0 + kSlowdownPerDoubling * std::log2(working_set_bytes / cache_bytes);
}

double hot_bytes(const models::Scenario& s) {
  const Workload w = workload(s);
  return w.devices * w.strategies * kHotBytesPerDevicePerStrategy;
}

double world_cpu_seconds(const models::Scenario& s, double cache_bytes) {
  const Workload w = workload(s);
  return (w.messages * kSecondsPerMessage + w.sessions * kSecondsPerSession) *
             cpu_slowdown(hot_bytes(s), cache_bytes) +
         w.roster_entries * kSecondsPerRosterEntry;
}

double replication_cpu_seconds(const models::Scenario& s, double cache_bytes) {
  const Workload w = workload(s);
  const double archiving = archiving_share(s);
  const double per_strategy =
      w.messages * archiving * kSecondsPerArchivingMessagePerStrategy + w.sessions * kSecondsPerSessionPerStrategy;
  return w.strategies * per_strategy * cpu_slowdown(hot_bytes(s), cache_bytes) + world_cpu_seconds(s, cache_bytes);
}

double replication_wall_seconds(const models::Scenario& s, double cache_bytes, std::uint32_t threads) {
  const double cpu = replication_cpu_seconds(s, cache_bytes);
  // models/simulation.cpp run_one: the caller generates while the replicas
  // apply the previous batch, every thread taking replicas, so at most one
  // thread per strategy plus the generator; the world's own work stays on
  // one thread.
  const double team = std::min<double>(std::max(1u, threads), workload(s).strategies + 1.0);
  if (team <= 1.0) return cpu;
  return std::max(world_cpu_seconds(s, cache_bytes), cpu / (team * kInnerThreadEfficiency));
}

ResourceEstimate estimate_run(const models::Scenario& s, std::uint32_t threads) {
  return estimate_points({&s}, s.replications, threads);
}

ResourceEstimate estimate_points(const std::vector<const models::Scenario*>& points, std::uint32_t replications,
                                 std::uint32_t threads) {
  ResourceEstimate e;
  e.threads = std::max(1u, threads);
  const double tasks = static_cast<double>(points.size()) * replications;
  e.runs = tasks;
  e.parallel_runs = static_cast<std::uint32_t>(std::min<double>(e.threads, std::max(1.0, tasks)));
  e.cache_bytes = private_cache_bytes();
  // models::run: threads left over beyond the replications at once go inside them.
  const std::uint32_t inner = e.threads / e.parallel_runs;
  double largest = 0.0, cpu = 0.0, wall = 0.0, longest = 0.0;
  Workload big;
  for (const models::Scenario* s : points) {
    const double bytes = replication_bytes(*s);
    if (bytes > largest) {
      big = workload(*s);
      e.working_set_bytes = hot_bytes(*s);
    }
    largest = std::max(largest, bytes);
    cpu += replication_cpu_seconds(*s, e.cache_bytes) * replications;
    const double one = replication_wall_seconds(*s, e.cache_bytes, inner);
    wall += one * replications;
    longest = std::max(longest, one);
  }
  e.peak_bytes = kProcessBytes + largest * e.parallel_runs;
  e.slowdown = cpu_slowdown(e.working_set_bytes, e.cache_bytes);
  e.cpu_seconds = kSecondsPerRun + cpu;
  // Tasks of similar length in waves of `parallel_runs`; the last wave waits
  // for its longest task.
  e.wall_seconds = kSecondsPerRun + std::max(wall / e.parallel_runs, longest);
  char basis[256];
  std::snprintf(basis, sizeof basis, "%.0f users, %.3g messages and %.0f strategies per replication%s, %.0f %s, %u at once",
                big.users, big.messages, big.strategies, points.size() > 1 ? " (the largest point)" : "", tasks,
                points.size() > 1 ? "tasks" : (tasks == 1.0 ? "replication" : "replications"), e.parallel_runs);
  e.basis = basis;
  return e;
}

double private_cache_bytes() {
  static const double bytes = [] {
    double best = 0.0;
    for (int index = 0; index < 16; ++index) {
      const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
      std::ifstream size_file(dir + "size"), shared_file(dir + "shared_cpu_list");
      std::string size, shared;
      if (!(size_file >> size) || !(shared_file >> shared)) break;
      // "0" is private; "0-1" or "0,2" is shared with another CPU.
      if (shared.find_first_of("-,") != std::string::npos) continue;
      char* end = nullptr;
      double v = std::strtod(size.c_str(), &end);
      if (end && (*end == 'K' || *end == 'k')) v *= 1024.0;
      if (end && (*end == 'M' || *end == 'm')) v *= 1024.0 * 1024.0;
      if (std::isfinite(v) && v > best) best = v;
    }
    return best > 0.0 ? best : kDefaultCacheBytes;
  }();
  return bytes;
}

std::uint64_t available_memory_bytes(std::string* where) {
  if (const char* env = std::getenv("SPOOLSIM_MEMORY_LIMIT"); env && *env) {
    if (where) *where = "SPOOLSIM_MEMORY_LIMIT";
    return parse_limit(env);
  }
  std::uint64_t available = 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib) {
    std::getline(meminfo, unit);
    if (key == "MemAvailable:") {
      available = kib * 1024;
      if (where) *where = "MemAvailable in /proc/meminfo";
      break;
    }
  }
  // In a container the cgroup's limit is the one that kills the process.
  const std::uint64_t max = read_number("/sys/fs/cgroup/memory.max");
  const std::uint64_t current = read_number("/sys/fs/cgroup/memory.current");
  if (max > 0 && max > current && (available == 0 || max - current < available)) {
    available = max - current;
    if (where) *where = "the cgroup's memory.max minus memory.current";
  }
  return available;
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 6) {
    bytes /= 1024.0;
    ++u;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, bytes < 10.0 && u > 0 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
  return buffer;
}

std::string human_seconds(double seconds) {
  char buffer[64];
  if (!std::isfinite(seconds)) return "forever";
  if (seconds < 90.0) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else if (seconds < 90.0 * 60.0) {
    std::snprintf(buffer, sizeof buffer, "%.0f min", seconds / 60.0);
  } else if (seconds < 48.0 * 3600.0) {
    std::snprintf(buffer, sizeof buffer, "%.1f h", seconds / 3600.0);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g days", seconds / 86400.0);
  }
  return buffer;
}

std::string describe(const ResourceEstimate& e) {
  return "about " + human_bytes(e.peak_bytes) + " of memory and " + human_seconds(e.cpu_seconds) + " of CPU (" +
         human_seconds(e.wall_seconds) + " on " + std::to_string(e.threads) +
         (e.threads == 1 ? " thread" : " threads") + ")";
}

}  // namespace spoolsim::scenarios

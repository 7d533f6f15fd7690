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

// Memory. The process itself (binary, libraries, the loaded scenario) and
// what each replication holds while it runs: the world's message ledger and
// archives (reserved from the expected message count), one outcome log per
// strategy and message, device and session state per strategy, rosters.
// Fitted to the runs in docs/sizing.md ("Memory at scale"); the roster term
// is measured apart.
constexpr double kProcessBytes = 19.9e6;
// Per message sent, what still grows with the sent count. It is not a
// constant: measured side by side (docs/sizing.md, "Memory at scale") the
// bytes held per message sent grow with the population, about 15 B at 3,100
// devices, 59 B at 15,500 and 139 B at 155,000: 21 B more per doubling of the
// devices beyond 3,100. What grows is not identified yet (heaptrack points
// at the event calendar, docs/sizing.md). Since the
// world recycles message records the world itself is not the part that grows.
constexpr double kBytesPerMessage = 5.6;
constexpr double kBytesPerMessagePerDeviceDoubling = 21.0;
constexpr double kDevicesBeforeGrowth = 3100.0;
constexpr double kBytesPerMessagePerStrategy = 1.88;
constexpr double kBytesPerArchivedMessagePerStrategy = 24.4;  // fate kept while an archive entry is fetchable
// Rosters (both ends of every edge): +51 MB for 1.98 million more entries,
// measured apart (mean degree 1,000 against 10 at 2,000 users, docs/sizing.md).
constexpr double kBytesPerRosterEntry = 25.8;
constexpr double kBytesPerDevicePerStrategy = 400.0;   // sessions, unacked queues, device state, pending events

// CPU time: each strategy's replica applying every message (more when it is
// archived: MAM writes, catch-up reads, expiry) and every device login, and
// the world's rosters; times cpu_slowdown(): the per-message cost grows with
// the state the replicas touch at random (devices x strategies) once it
// outgrows the core's private cache (10^5 users cost 4-5x per message what
// 2,000 do). Fitted (relative least squares) to user + system CPU of Release
// runs on a quiet machine (load 1-2), docs/sizing.md (scripts/measure-size-estimate
// --fit, re-fitted after the speed work of issue 15); the roster
// term is measured apart (mean degree 10 against 1,000 at 2,000 users).
constexpr double kSecondsPerMessagePerStrategy = 0.0956e-6;
constexpr double kSecondsPerArchivingMessagePerStrategy = 0.1503e-6;
constexpr double kSecondsPerSessionPerStrategy = 0.1503e-6;
constexpr double kSecondsPerRosterEntry = 0.2e-6;
constexpr double kHotBytesPerDevicePerStrategy = 200.0;  // what the slow-down scales with
constexpr double kSlowdownPerDoubling = 0.729;  // per doubling of the hot state beyond the cache
constexpr double kDefaultCacheBytes = 2.0 * 1024 * 1024;
constexpr double kSecondsPerRun = 0.02;  // start-up, loading, the report

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

// ... and still fetchable: retention shortens how long an entry is held.
double archived_share(const models::Scenario& s) {
  double out = archiving_share(s);
  const double sending_days = sim::to_days(s.horizon - s.drain);
  if (s.server.mam.retention > 0 && sending_days > 0)
    out *= std::min(1.0, sim::to_days(s.server.mam.retention) / sending_days);
  return out;
}

double replication_bytes(const models::Scenario& s) {
  const Workload w = workload(s);
  const double archived = archived_share(s);
  const double doublings = w.devices > kDevicesBeforeGrowth ? std::log2(w.devices / kDevicesBeforeGrowth) : 0.0;
  return w.messages * (kBytesPerMessage + kBytesPerMessagePerDeviceDoubling * doublings +
                       w.strategies * (kBytesPerMessagePerStrategy + archived * kBytesPerArchivedMessagePerStrategy)) +
         w.devices * w.strategies * kBytesPerDevicePerStrategy + w.roster_entries * kBytesPerRosterEntry;
}

double cpu_slowdown(double working_set_bytes, double cache_bytes) {
  if (!(cache_bytes > 0.0) || !(working_set_bytes > cache_bytes)) return 1.0;
  return 1.0 + kSlowdownPerDoubling * std::log2(working_set_bytes / cache_bytes);
}

double hot_bytes(const models::Scenario& s) {
  const Workload w = workload(s);
  return w.devices * w.strategies * kHotBytesPerDevicePerStrategy;
}

double replication_cpu_seconds(const models::Scenario& s, double cache_bytes) {
  const Workload w = workload(s);
  const double archiving = archiving_share(s);
  const double per_strategy = w.messages * (kSecondsPerMessagePerStrategy + archiving * kSecondsPerArchivingMessagePerStrategy) +
                              w.sessions * kSecondsPerSessionPerStrategy;
  return w.strategies * per_strategy * cpu_slowdown(hot_bytes(s), cache_bytes) + w.roster_entries * kSecondsPerRosterEntry;
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
  double largest = 0.0, cpu = 0.0, longest = 0.0;
  Workload big;
  for (const models::Scenario* s : points) {
    const double bytes = replication_bytes(*s);
    if (bytes > largest) {
      big = workload(*s);
      e.working_set_bytes = hot_bytes(*s);
    }
    largest = std::max(largest, bytes);
    const double one = replication_cpu_seconds(*s, e.cache_bytes);
    cpu += one * replications;
    longest = std::max(longest, one);
  }
  e.peak_bytes = kProcessBytes + largest * e.parallel_runs;
  e.slowdown = cpu_slowdown(e.working_set_bytes, e.cache_bytes);
  e.cpu_seconds = kSecondsPerRun + cpu;
  // Tasks of similar length in waves of `parallel_runs`; the last wave waits
  // for its longest task.
  e.wall_seconds = kSecondsPerRun + std::max(cpu / e.parallel_runs, longest);
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

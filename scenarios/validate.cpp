// Checks that span several fields: the phases of R1.5, whether the run fits in
// this machine's memory, and the contact file (R2.4).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <thread>

#include "models/world/contact_graph.hpp"
#include "scenarios/loader_internal.hpp"
#include "sim/time.hpp"

namespace spoolsim::scenarios::detail {
namespace {

// Rough sizes of the simulator's records (ledger entry per message, per-replica
// outcome, device and session state, roster entries). An estimate, on purpose
// on the generous side; it only guards against runs that cannot fit.
constexpr double kBytesPerUser = 256.0;
constexpr double kBytesPerDevice = 128.0;
constexpr double kBytesPerDevicePerStrategy = 192.0;
constexpr double kBytesPerContact = 16.0;   // two roster entries per edge, 8 B each
constexpr double kBytesPerMessage = 64.0;   // world ledger record
constexpr double kBytesPerMessagePerStrategy = 48.0;  // outcome + spool/archive rows

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 6) {
    bytes /= 1024.0;
    ++u;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f %s", bytes, units[u]);
  return buffer;
}

double mean_devices(const models::Scenario& s) {
  const double m = s.population.devices_per_user.mean();
  return std::isfinite(m) && m > 0.0 ? m : 1.0;
}

}  // namespace

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;  // unknown: skip the check
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
}

std::uint64_t estimate_memory_bytes(const models::Scenario& s) {
  const double users = s.population.users;
  const double devices = users * mean_devices(s);
  const double strategies = static_cast<double>(std::max<std::size_t>(1, s.strategies.size()));
  const double days = sim::to_days(s.horizon - s.drain);
  const double messages = users * s.traffic.sent_messages_per_user_per_day.value_or(s.traffic.messages_per_user_per_day) * days;
  const double contacts = users * s.contacts.mean_degree;
  // Replications run in parallel, one run per hardware thread.
  const double parallel = static_cast<double>(
      std::max(1U, std::min<unsigned>(s.replications, std::max(1U, std::thread::hardware_concurrency()))));
  const double per_run = users * kBytesPerUser + devices * (kBytesPerDevice + strategies * kBytesPerDevicePerStrategy) +
                         contacts * kBytesPerContact +
                         messages * (kBytesPerMessage + strategies * kBytesPerMessagePerStrategy);
  const double total = per_run * parallel;
  return total >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(total);
}

void validate_whole(const pb::Scenario& r, const models::Scenario& s, const Origin& origin) {
  // R1.5: messages are sent in [0, horizon - drain), counted from warmup.
  if (s.drain >= s.horizon) {
    fail(origin, "drain", "drain (" + r.drain() + ") must be shorter than horizon (" + r.horizon() +
                              "); allowed: 0 <= drain < horizon");
  }
  if (s.warmup >= s.horizon - s.drain) {
    fail(origin, "warmup", "warmup (" + r.warmup() + ") >= horizon - drain (" + r.horizon() + " - " + r.drain() +
                               "): no message would be counted; allowed: warmup < horizon - drain");
  }

  const std::uint64_t have = physical_memory_bytes();
  const std::uint64_t need = estimate_memory_bytes(s);
  if (have > 0 && need > have) {
    const double messages = static_cast<double>(s.population.users) *
                            s.traffic.sent_messages_per_user_per_day.value_or(s.traffic.messages_per_user_per_day) *
                            sim::to_days(s.horizon - s.drain);
    char counts[160];
    std::snprintf(counts, sizeof counts, "%u users, about %.3g devices and %.3g messages per run",
                  s.population.users, static_cast<double>(s.population.users) * mean_devices(s), messages);
    fail(origin, "population.users",
         std::string("the run would need about ") + human_bytes(static_cast<double>(need)) + " of memory (" + counts +
             ", " + std::to_string(s.strategies.size()) + " strategies); this machine has " +
             human_bytes(static_cast<double>(have)) +
             "; allowed: fewer users, fewer messages per day or a shorter horizon");
  }

  if (s.contacts.generator == models::ContactGenerator::File) {
    std::error_code ec;
    if (std::filesystem::exists(s.contacts.file, ec) && !std::filesystem::is_regular_file(s.contacts.file, ec)) {
      fail(origin, "contacts.file", "\"" + s.contacts.file + "\" is not a regular file; allowed: an edge list or GraphML file");
    }
    std::ifstream probe(s.contacts.file);
    if (!probe) {
      fail(origin, "contacts.file", "cannot read contact file \"" + s.contacts.file + "\": " + std::strerror(errno) +
                                        "; allowed: a readable edge list or GraphML file (relative to the scenario file)");
    }
    try {
      (void)models::load_contact_file(s.contacts.file, s.population.users);
    } catch (const std::exception& e) {
      fail(origin, "contacts.file", std::string("bad contact file: ") + e.what());
    }
  }
}

}  // namespace spoolsim::scenarios::detail

// What a run will need before it starts (issue 16): peak memory and CPU time
// from the resolved scenario, calibrated against measured runs (the constants
// and the table they come from are in docs/sizing.md). `validate` does not use
// it (a file's validity does not depend on the machine); the commands that run
// simulations compare it with this machine's available memory.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "models/inputs/scenario.hpp"

namespace spoolsim::scenarios {

// Expected sizes of one replication (all strategies of the scenario).
struct Workload {
  double users = 0;
  double devices = 0;
  double roster_entries = 0;  // users x mean degree (both ends of every edge)
  double messages = 0;        // sent (R4.1), over [0, horizon - drain)
  double sessions = 0;        // device logins over the horizon
  double strategies = 0;
  double messages_per_day = 0;  // sent per day (what memory grows with: a run holds what is in flight)
  double offline_share = 0;     // of the time a recipient has no device online (spooled, held)
  double offline_days = 0;      // a device's mean offline period (how long a held message waits)
};
Workload workload(const models::Scenario& s);
// The share of messages archived for the recipient (R6.2).
double archiving_share(const models::Scenario& s);
// The state the replicas touch at random (devices x strategies): what the
// time model's slow-down grows with.
double hot_bytes(const models::Scenario& s);

struct ResourceEstimate {
  double peak_bytes = 0;    // peak resident memory of the whole process
  double cpu_seconds = 0;   // summed over threads
  double wall_seconds = 0;  // on the given threads of an otherwise idle machine
  std::uint32_t threads = 1;
  std::uint32_t parallel_runs = 1;  // replications in memory at once
  double runs = 0;                  // replications in all
  // The time model's slow-down (docs/sizing.md), for the largest replication:
  // its hot state (hot_bytes) against this core's private cache, and the
  // factor on the per-message cost that comes of it.
  double working_set_bytes = 0;
  double cache_bytes = 0;
  double slowdown = 1;
  // What it is for: "2000 users, 3.4e+05 messages and 5 strategies per
  // replication, 5 replications, 2 at once".
  std::string basis;
};

// One replication: memory it holds and CPU seconds it takes on a core whose
// private cache holds `cache_bytes` (private_cache_bytes() on this machine).
double replication_bytes(const models::Scenario& s);
double replication_cpu_seconds(const models::Scenario& s, double cache_bytes);
// The world's part of it (generating events, rosters): one thread's work
// however many share the replication.
double world_cpu_seconds(const models::Scenario& s, double cache_bytes);
// Its wall time on `threads` threads of its own (models/simulation.cpp:
// the generator and up to one thread per strategy's replica).
double replication_wall_seconds(const models::Scenario& s, double cache_bytes, std::uint32_t threads);

// The factor on the per-message cost of a replication whose hot state is
// `working_set_bytes`: 1 while it fits the cache, then growing with every
// doubling beyond it (cache and TLB misses; fitted in docs/sizing.md).
double cpu_slowdown(double working_set_bytes, double cache_bytes);

// The largest cache of this machine's first CPU that no other CPU shares
// (/sys/devices/system/cpu/cpu0/cache), read once; 2 MiB when unknown.
double private_cache_bytes();

// `run` (and analyze, dashboard): scenario.replications replications, at most
// `threads` at once.
ResourceEstimate estimate_run(const models::Scenario& s, std::uint32_t threads);
// sweep and compare: `replications` of every point as one pool of tasks.
ResourceEstimate estimate_points(const std::vector<const models::Scenario*>& points, std::uint32_t replications,
                                 std::uint32_t threads);

// The memory a run may use on this machine: SPOOLSIM_MEMORY_LIMIT (bytes,
// or with a K/M/G/T suffix) if set, else the smaller of /proc/meminfo's
// MemAvailable and the cgroup's memory.max headroom; 0 when unknown.
// `where` says which ("MemAvailable", "cgroup memory.max", "SPOOLSIM_MEMORY_LIMIT").
std::uint64_t available_memory_bytes(std::string* where = nullptr);

// "1.2 GiB", "593 MiB" (binary units, 3 significant digits).
std::string human_bytes(double bytes);
// "4.5 s", "12 min", "3.1 h", "2.0 days".
std::string human_seconds(double seconds);
// "about 593 MiB of memory and 152 s of CPU (2.6 min on 1 thread)".
std::string describe(const ResourceEstimate& e);

}  // namespace spoolsim::scenarios

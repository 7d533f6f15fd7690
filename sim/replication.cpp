// Replications are claimed in increasing order from an atomic counter. After a
// failure no new replication starts; the ones already claimed finish, and the
// exception of the lowest failing replication is rethrown. Claimed indices
// always form a prefix, so which exception surfaces does not depend on T.
#include "sim/replication.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace spoolsim::sim {

void for_each_replication(std::uint32_t replications, std::uint32_t threads,
                          const std::function<void(std::uint32_t)>& body) {
  if (replications == 0) return;
  if (threads == 0) threads = 1;
  if (threads > replications) threads = replications;

  std::atomic<std::uint32_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  std::uint32_t error_at = replications;

  auto worker = [&] {
    for (;;) {
      if (failed.load(std::memory_order_acquire)) return;
      const std::uint32_t r = next.fetch_add(1, std::memory_order_relaxed);
      if (r >= replications) return;
      try {
        body(r);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (r < error_at) {
          error_at = r;
          error = std::current_exception();
        }
        failed.store(true, std::memory_order_release);
      }
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  try {
    for (std::uint32_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  } catch (...) {
    // Could not start a thread: the threads we have (at least this one) do the work.
  }
  worker();
  for (auto& thread : pool) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace spoolsim::sim

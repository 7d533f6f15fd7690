// Runs R independent replications on T threads; results come back in
// replication order, so a run is bit-identical for any T (R1.2).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace spoolsim::sim {

// Calls body(r) for r in [0, replications) on up to `threads` threads.
// body must not share mutable state between replications. An exception
// thrown by any body is rethrown after all threads have stopped.
void for_each_replication(std::uint32_t replications, std::uint32_t threads,
                          const std::function<void(std::uint32_t)>& body);

template <class Result>
std::vector<Result> run_replications(std::uint32_t replications, std::uint32_t threads,
                                     const std::function<Result(std::uint32_t)>& body) {
  std::vector<Result> results(replications);
  for_each_replication(replications, threads,
                       [&](std::uint32_t r) { results[r] = body(r); });
  return results;
}

}  // namespace spoolsim::sim

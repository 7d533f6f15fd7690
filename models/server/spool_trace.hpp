// A sink for spool operations (issue 7: trace recording and replay against
// real databases). Replicas call it only when one is given.
#pragma once
#include <cstdint>

#include "models/inputs/ids.hpp"
#include "models/outcomes/results.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

struct SpoolOperation {
  sim::Time time = 0;
  StoreOp kind = StoreOp::Insert;   // Insert, Pop (flush), DeleteByPurge, Count (limit check)
  UserId user = 0;
  std::uint32_t rows = 0;           // rows touched
  std::uint64_t bytes = 0;          // bytes touched
};

class SpoolTraceSink {
 public:
  virtual ~SpoolTraceSink() = default;
  virtual void record(std::uint32_t replication, StrategyKind strategy, const SpoolOperation& op) = 0;
};

}  // namespace spoolsim::models

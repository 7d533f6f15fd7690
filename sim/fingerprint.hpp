// A run fingerprint: a 64-bit hash folded over every executed event
// (time, kind, entity). Same fingerprint, same run (style anchor: OMNeT++).
#pragma once
#include <cstdint>

#include "sim/time.hpp"

namespace spoolsim::sim {

class Fingerprint {
 public:
  void fold(Time time, std::uint32_t kind, std::uint64_t entity);
  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0x9e3779b97f4a7c15ULL;
};

}  // namespace spoolsim::sim

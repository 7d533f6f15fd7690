// A run fingerprint: a 64-bit hash folded over every executed event
// (time, kind, entity). Same fingerprint, same run (style anchor: OMNeT++).
#pragma once
#include <cstdint>

#include "sim/mix64.hpp"
#include "sim/time.hpp"

namespace spoolsim::sim {

class Fingerprint {
 public:
  // Order-sensitive: each field goes through a full 64-bit mix before the
  // next, so swapping two events or two fields changes the value. Inline:
  // the world and every replica fold each event.
  void fold(Time time, std::uint32_t kind, std::uint64_t entity) {
    std::uint64_t h = mix64(state_ ^ static_cast<std::uint64_t>(time));
    h = mix64(h + (static_cast<std::uint64_t>(kind) | (std::uint64_t{1} << 40)));
    state_ = mix64(h ^ entity) + kGolden;
  }
  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0x9e3779b97f4a7c15ULL;
};

}  // namespace spoolsim::sim

// R6.4, R9.1: the offline spool of one replica, one FIFO per user.
#pragma once
#include <cstdint>

#include "models/server/fifo_lists.hpp"
#include "models/inputs/ids.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

struct SpoolEntry {
  MessageId message = 0;
  std::uint32_t bytes = 0;   // size + row overhead, or the pointer row (use_mam_for_storage)
  sim::Time stored_at = 0;   // R9.1: TTL counts from here
  std::uint64_t seq = 0;     // insertion number, matches the TTL queue
};

// Entries of a user in insertion order; stored_at never decreases along a
// list, so TTL-expired entries are always a prefix (R9.1).
using Spool = FifoLists<SpoolEntry>;

struct SpoolExpiry {  // R9.1: one per insertion while offline.ttl > 0, in time order
  sim::Time at = 0;   // stored_at + ttl: removed once time passes it
  UserId user = 0;
  std::uint64_t seq = 0;
};

}  // namespace spoolsim::models

// R6.3, R7: the server's view of one device's session. Session state depends
// only on world events (never on the strategy); the connection number lets a
// replica ignore timers of an older connection (stale ZombieDetected /
// ResumeExpired).
#pragma once
#include <cstdint>

#include "models/inputs/enum_table.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

enum class SessionState : std::uint8_t {
  None,     // no session
  Online,   // bound, device connected: receives at once
  Zombie,   // device gone, server unaware (R7.4)
  Pending,  // stream-management hibernation, waiting for resume (R7.4)
};

struct Session {
  SessionState state = SessionState::None;
  bool stream_management = false;  // both sides enabled XEP-0198 on this session
  bool resumable = true;           // false once a ring queue lost its oldest entry (R7.5)
  std::uint32_t connection = 0;    // WorldEvent::connection that created or resumed it
  sim::Time since = 0;             // when the state last changed (an orphan's deadline, R7.2)
};

EnumTable<SessionState> enum_table(SessionState);  // session_names.cpp
const char* to_string(SessionState s);

}  // namespace spoolsim::models

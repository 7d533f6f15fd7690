// Names of session states (dashboard, test messages).
#include "models/server/session.hpp"

namespace spoolsim::models {

const char* to_string(SessionState s) {
  switch (s) {
    case SessionState::None: return "none";
    case SessionState::Online: return "online";
    case SessionState::Zombie: return "zombie";
    case SessionState::Pending: return "pending";
  }
  return "unknown";
}

}  // namespace spoolsim::models

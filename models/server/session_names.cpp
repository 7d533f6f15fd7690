// The table of session states (R6.3, R7): names for test messages and traces.
#include <iterator>

#include "models/server/session.hpp"

namespace spoolsim::models {
namespace {

constexpr EnumEntry<SessionState> kSessionState[] = {
    {SessionState::None, "none", "no session"},
    {SessionState::Online, "online", "bound and connected: receives at once (R6.3)"},
    {SessionState::Zombie, "zombie", "the device is gone, the server does not know yet (R7.4)"},
    {SessionState::Pending, "pending", "stream-management hibernation, waiting for a resume (R7.4)"},
};
static_assert(lists_in_order(kSessionState) && std::size(kSessionState) == 4);

}  // namespace

EnumTable<SessionState> enum_table(SessionState) { return {"session state", kSessionState}; }
const char* to_string(SessionState s) { return enum_name(s); }

}  // namespace spoolsim::models

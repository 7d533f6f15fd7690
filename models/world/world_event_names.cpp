// The table of world event kinds (R1.2 order): names for traces and test
// messages.
#include <iterator>

#include "models/world/world.hpp"

namespace spoolsim::models {
namespace {

constexpr EnumEntry<WorldEventKind> kWorldEventKind[] = {
    {WorldEventKind::Connect, "connect", "a device starts a new connection (R7.1, R7.2)"},
    {WorldEventKind::Disconnect, "disconnect", "a device goes away, cleanly or abruptly (R7.4)"},
    {WorldEventKind::ZombieDetected, "zombie_detected", "the server notices an abrupt loss (R7.4)"},
    {WorldEventKind::ResumeExpired, "resume_expired", "a pending session's resume_timeout ran out (R7.4)"},
    {WorldEventKind::Send, "send", "a message is routed (R6)"},
    {WorldEventKind::Horizon, "horizon", "the last event of a run: outcomes are settled (R10)"},
};
static_assert(lists_in_order(kWorldEventKind) && std::size(kWorldEventKind) == 6);

}  // namespace

EnumTable<WorldEventKind> enum_table(WorldEventKind) { return {"world event kind", kWorldEventKind}; }
const char* to_string(WorldEventKind k) { return enum_name(k); }

}  // namespace spoolsim::models

// The tables of the scenario's enums (R2-R5): stable names, as used in
// scenario files, reports and JSON, and a line on each. Changing a name is a
// file-format change. Strategies register theirs (strategy_table.hpp).
#include <iterator>
#include <string_view>

#include "models/inputs/scenario.hpp"

namespace spoolsim::models {
namespace {

constexpr EnumEntry<Auth> kAuth[] = {
    {Auth::Sasl1, "sasl1", "SASL, RFC 6120 resource binding and initial presence; no strategy runs (R3)"},
    {Auth::Sasl2Bind2, "sasl2_bind2", "SASL2 with Bind 2 (XEP-0388, XEP-0386); the strategy acts at bind (R7.2, R8)"},
};
constexpr EnumEntry<CatchupOrder> kCatchupOrder[] = {
    {CatchupOrder::Forward, "forward", "oldest first from the device's cursor (R7.3)"},
    {CatchupOrder::Backward, "backward", "newest first; what exceeds the limit is skipped for good (R7.3)"},
};
constexpr EnumEntry<CatchupFrom> kCatchupFrom[] = {
    {CatchupFrom::NewestReceived, "newest_received", "after the newest archived message received by any path, a flush just before included (R7.3)"},
    {CatchupFrom::SessionStart, "session_start", "after the position held when the session began; this session's flush does not move it (R7.3)"},
};
constexpr EnumEntry<MamDefault> kMamDefault[] = {
    {MamDefault::Always, "always", "archive every message for the recipient (R6.2)"},
    {MamDefault::Roster, "roster", "archive iff the sender is in the recipient's roster (R6.2)"},
    {MamDefault::Never, "never", "archive only senders in the recipient's always list (R6.2)"},
};
constexpr EnumEntry<ResendOnTimeout> kResendOnTimeout[] = {
    {ResendOnTimeout::False, "false", "an unacked message is dropped if archived, else bounced (R7.5)"},
    {ResendOnTimeout::True, "true", "an unacked message is routed again at termination (R7.5)"},
    {ResendOnTimeout::IfOffline, "if_offline", "routed again when no other session is available or on a replacement (R7.5)"},
};
constexpr EnumEntry<ContactGenerator> kContactGenerator[] = {
    {ContactGenerator::ErdosRenyi, "erdos_renyi", "Erdos-Renyi random graph with the mean degree (R2.4)"},
    {ContactGenerator::SmallWorld, "small_world", "Watts-Strogatz small world with rewire_probability (R2.4)"},
    {ContactGenerator::PowerLaw, "power_law", "PLOD power-law degrees with power_law_alpha (R2.4)"},
    {ContactGenerator::File, "file", "an edge list or GraphML file from operations (R2.4)"},
};

static_assert(lists_in_order(kAuth) && std::size(kAuth) == 2);
static_assert(lists_in_order(kCatchupOrder) && std::size(kCatchupOrder) == 2);
static_assert(lists_in_order(kCatchupFrom) && std::size(kCatchupFrom) == 2);
static_assert(lists_in_order(kMamDefault) && std::size(kMamDefault) == 3);
static_assert(lists_in_order(kResendOnTimeout) && std::size(kResendOnTimeout) == 3);
static_assert(lists_in_order(kContactGenerator) && std::size(kContactGenerator) == 4);

}  // namespace

EnumTable<Auth> enum_table(Auth) { return {"auth mode", kAuth}; }
EnumTable<CatchupOrder> enum_table(CatchupOrder) { return {"catch-up order", kCatchupOrder}; }
EnumTable<CatchupFrom> enum_table(CatchupFrom) { return {"catch-up start", kCatchupFrom}; }
EnumTable<MamDefault> enum_table(MamDefault) { return {"MAM default", kMamDefault}; }
EnumTable<ResendOnTimeout> enum_table(ResendOnTimeout) { return {"resend_on_timeout value", kResendOnTimeout}; }
EnumTable<ContactGenerator> enum_table(ContactGenerator) { return {"contact generator", kContactGenerator}; }

const char* to_string(StrategyKind s) { return enum_name(s); }
const char* to_string(Auth a) { return enum_name(a); }
const char* to_string(MamDefault m) { return enum_name(m); }
const char* to_string(CatchupOrder o) { return enum_name(o); }
const char* to_string(CatchupFrom f) { return enum_name(f); }
const char* to_string(ResendOnTimeout r) { return enum_name(r); }
const char* to_string(ContactGenerator g) { return enum_name(g); }

bool parse_strategy(std::string_view name, StrategyKind& out) { return parse_enum(name, out); }

}  // namespace spoolsim::models

// The validated scenario value that scenarios/ produces and models/ consumes.
// Field names follow docs/model.md (R2-R5, R11.2) and ejabberd's option names.
// All durations are sim::Duration (microseconds); duration distributions
// yield microseconds, size distributions bytes.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "models/inputs/enum_table.hpp"
#include "models/inputs/strategy_table.hpp"
#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

enum class Auth : std::uint8_t { Sasl1, Sasl2Bind2 };                 // R3
enum class CatchupOrder : std::uint8_t { Forward, Backward };         // R3, R7.3
enum class CatchupFrom : std::uint8_t { NewestReceived, SessionStart };  // R3, R7.3
enum class MamDefault : std::uint8_t { Always, Roster, Never };       // R2.3, R6.2
enum class ResendOnTimeout : std::uint8_t { False, True, IfOffline };  // R7.5
enum class ContactGenerator : std::uint8_t { ErdosRenyi, SmallWorld, PowerLaw, File };  // R2.4

// Names and descriptions of these (names.cpp); strategies: strategy_table.hpp.
EnumTable<Auth> enum_table(Auth);
EnumTable<CatchupOrder> enum_table(CatchupOrder);
EnumTable<CatchupFrom> enum_table(CatchupFrom);
EnumTable<MamDefault> enum_table(MamDefault);
EnumTable<ResendOnTimeout> enum_table(ResendOnTimeout);
EnumTable<ContactGenerator> enum_table(ContactGenerator);

// R2.1: the most devices one user may have. Scenario validation enforces it;
// the world and the server static_assert that their layouts hold it (device
// count and slot are 8 bits, the per-message device sets are 64-bit masks).
inline constexpr int kMaxDevicesPerUser = 16;

// Index into Scenario::clients.
using ProfileIndex = std::uint16_t;

// A day profile: 24 hourly factors whose mean is 1 (empty = flat).
using Diurnal = std::vector<double>;

struct ClientProfile {  // R3: data, not code
  std::string name;
  Auth auth = Auth::Sasl1;
  bool stream_management = false;
  bool mam_catchup = false;
  sim::Duration catchup_max_age = 7 * sim::kDay;
  std::uint32_t catchup_max_messages = 1000;
  CatchupOrder catchup_order = CatchupOrder::Forward;
  CatchupFrom catchup_from = CatchupFrom::NewestReceived;
  bool mam_before_presence = false;  // R7.2: the catch-up query precedes the initial presence
  bool new_user_agent_each_login = false;  // R7.1/R7.2: new Bind2 resource at every login, no resumption
  int presence_priority = 0;
  sim::Distribution online_duration = sim::Distribution::exponential(2.0 * sim::kHour);
  sim::Distribution offline_duration = sim::Distribution::exponential(6.0 * sim::kHour);
  Diurnal diurnal;  // modulates how fast offline devices come back (world documents it)
  double abrupt_disconnect_share = 0.0;
};

struct WeightedProfile {
  ProfileIndex profile = 0;
  double weight = 0.0;
};
using ClientMix = std::vector<WeightedProfile>;

struct MamDefaultOverride {  // R2.3: a share of users overrides the server default
  MamDefault value = MamDefault::Always;
  double share = 0.0;
};

struct Population {  // R2
  std::uint32_t users = 2000;
  // Device count per user (values 1..k); default R2.1: 1 55%, 2 35%, 3 10%.
  sim::Distribution devices_per_user = sim::Distribution::empirical({1, 2, 3}, {55, 35, 10});
  ClientMix client_mix;                 // R2.2
  std::vector<ClientMix> device_slots;  // optional: slot i's mix pins device i of every user
  std::vector<MamDefaultOverride> mam_default_overrides;
  double mam_always_contact_share = 0.0;  // share of a user's contacts in the `always` list
  double mam_never_contact_share = 0.0;   // share in the `never` list
};

struct Contacts {  // R2.4
  ContactGenerator generator = ContactGenerator::SmallWorld;
  double mean_degree = 10.0;
  double one_way_share = 0.0;      // share of edges with subscription to/from instead of both
  double rewire_probability = 0.1; // Watts-Strogatz beta
  double power_law_alpha = 2.5;    // PLOD exponent
  std::string file;                // edge list or GraphML (generator File), resolved path
};

struct Traffic {  // R4
  double messages_per_user_per_day = 20.0;  // the candidate rate (R4.1)
  // The sent rate stated instead (R4.1): each user's candidate rate is solved
  // from it; unset: messages_per_user_per_day is the candidate rate.
  std::optional<double> sent_messages_per_user_per_day;
  Diurnal diurnal;
  bool sender_must_be_online = true;
  double stranger_share = 0.0;
  sim::Distribution size = sim::Distribution::lognormal_median(400.0, 0.5);  // bytes
  double no_store_share = 0.0;
};

inline constexpr std::uint32_t kUnlimited = std::numeric_limits<std::uint32_t>::max();
// catchup_max_age without a limit ("0" in a scenario file): far beyond any
// horizon, yet t + kNoAgeLimit cannot overflow.
inline constexpr sim::Duration kNoAgeLimit = std::numeric_limits<sim::Duration>::max() / 4;

struct OfflineConfig {  // R5 mod_offline
  bool enabled = true;
  std::uint32_t max_user_messages = kUnlimited;  // module default: no limit
  bool use_mam_for_storage = false;
  sim::Duration ttl = 0;  // 0 = off
  std::uint32_t row_overhead_bytes = 200;
  bool honour_no_store = true;        // R6.4: ejabberd bounces a no-store message; Prosody spools it
  bool flush_after_mam_query = true;  // R7.2: Prosody's mod_mam stops the flush after a MAM query
  bool full_store_bounces_archived = true;  // R6.4: false: a full store refuses an archived message silently (Prosody)
};

struct MamConfig {  // R5 mod_mam
  bool enabled = true;
  MamDefault default_mode = MamDefault::Never;  // module default
  sim::Duration retention = 0;                  // 0 = forever
  sim::Distribution archive_lag = sim::Distribution::constant(0.0);  // microseconds
  double failure_share = 0.0;
  std::uint32_t row_overhead_bytes = 400;
  bool archive_sender_copy = true;
  std::uint32_t max_user_messages = kUnlimited;  // R6.1: per-user rows; at the cap the oldest go (Prosody)
};

struct StreamManagementConfig {  // R5 mod_stream_mgmt
  bool enabled = true;
  sim::Duration resume_timeout = 300 * sim::kSecond;
  sim::Duration ack_timeout = 60 * sim::kSecond;
  ResendOnTimeout resend_on_timeout = ResendOnTimeout::False;
  std::uint32_t max_ack_queue = 5000;
  bool overflow_drops_oldest = false;  // R7.5: Prosody's ring queue; ejabberd ends the session
  bool leave_archived_to_mam = false;  // R7.5: a MAM-querying session drops archived unacked (Prosody)
  bool bounce_if_other_session = false;  // R7.5: if_offline with another session bounces, archived or not (Prosody)
  bool resend_while_registered = false;  // R7.5: a resend at a timeout reaches other sessions twice (ejabberd)
};

struct ServerConfig {  // R5
  std::string preset;  // informational: the preset it started from
  // R5 bind2_offline_strategy: what the preset's release runs (reports mark
  // it); empty without a preset. `Scenario::strategies` is what is compared.
  std::optional<StrategyKind> bind2_offline_strategy;
  OfflineConfig offline;
  MamConfig mam;
  StreamManagementConfig stream_management;
  // Without stream management: how long until the server notices a dead link.
  sim::Distribution zombie_detect_delay = sim::Distribution::exponential(10.0 * sim::kMinute);
};

struct Prices {  // R11.2, in currency units
  double storage_per_gb_month = 0.10;
  double per_million_operations = 0.20;
  std::string currency;  // "" when the scenario names none ("price units")
};

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;
  std::uint32_t replications = 5;
  sim::Duration horizon = 14 * sim::kDay;
  sim::Duration warmup = 1 * sim::kDay;
  sim::Duration drain = 1 * sim::kDay;
  std::vector<StrategyKind> strategies;  // the ones to compare, in report order
  std::vector<ClientProfile> clients;    // profiles referenced by index
  Population population;
  Contacts contacts;
  Traffic traffic;
  ServerConfig server;
  Prices prices;
};

// Stable names used in files, reports and JSON ("purge_if_archiving", "catchup_gap", ...),
// read from the tables.
const char* to_string(StrategyKind s);
const char* to_string(Auth a);
const char* to_string(MamDefault m);
const char* to_string(CatchupOrder o);
const char* to_string(CatchupFrom f);
const char* to_string(ResendOnTimeout r);
const char* to_string(ContactGenerator g);
bool parse_strategy(std::string_view name, StrategyKind& out);

}  // namespace spoolsim::models

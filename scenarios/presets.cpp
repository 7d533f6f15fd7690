// Server and client presets: data, not code (architecture.md). Each value
// cites the fact it comes from in docs/sources.md (section
// numbers below); anything not in the facts keeps the generic default.
#include <algorithm>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios {
namespace {

using detail::pb::ClientProfile;
using detail::pb::Server;

struct Preset {
  const char* name;
  const char* alias_of;  // nullptr, or the preset this name behaves like
  const char* summary;   // one line, printed as a comment
  const char* text;      // textproto of the message
};

// ---- Servers (R5) -------------------------------------------------------------
// Common to ejabberd: module defaults from the code, not the example config
// (R5): mod_offline unlimited (facts 1.3: no shaper rule -> infinity),
// mod_mam `default: never` (1.4), mod_stream_mgmt resume 300 s, ack 60 s,
// resend false, queue 5000 (1.5); archive writes are synchronous (1.4: one
// INSERT per message), so no archive lag.
#define SPOOLSIM_EJABBERD_MODULES                                         \
  "offline { enabled: true max_user_messages: 0 use_mam_for_storage: false ttl: \"0\" }\n" \
  "mam { enabled: true default: \"never\" retention: \"0\" archive_lag { constant: \"0\" } }\n" \
  "stream_management { enabled: true resume_timeout: \"300s\" ack_timeout: \"60s\"\n"        \
  "                    resend_on_timeout: \"false\" max_ack_queue: 5000 }\n"

const std::vector<Preset>& server_presets() {
  static const std::vector<Preset> presets = {
      // facts 1.1: 23.10 predates SASL2/Bind2 (commit efffc3142, first tag 24.02).
      {"ejabberd-23.10", nullptr, "ejabberd 23.10: no Bind2, the spool is flushed on presence (facts 1.1)",
       "bind2_offline_strategy: \"deliver\"\n" SPOOLSIM_EJABBERD_MODULES},
      // facts 1.1: c2s_handle_bind2_inline deletes the whole spool, identical 24.02..24.10.
      {"ejabberd-24.02", nullptr,
       "ejabberd 24.02 to 24.10: Bind2 purges the whole spool (facts 1.1, issue #4287)",
       "bind2_offline_strategy: \"purge_all\"\n" SPOOLSIM_EJABBERD_MODULES},
      {"ejabberd-24.06", "ejabberd-24.02", "same code as 24.02 (facts 1.1)", nullptr},
      {"ejabberd-24.07", "ejabberd-24.02", "same code as 24.02 (facts 1.1)", nullptr},
      {"ejabberd-24.10", "ejabberd-24.02", "same code as 24.02 (facts 1.1)", nullptr},
      // facts 1.1: fix 6f7efebb5 purges only if is_archiving_enabled; first tag 24.12.
      {"ejabberd-24.12", nullptr,
       "ejabberd 24.12 and later: Bind2 purges only if the user archives (facts 1.1)",
       "bind2_offline_strategy: \"purge_if_archiving\"\n" SPOOLSIM_EJABBERD_MODULES},
      // facts 3: mod_sasl2_bind2 does not touch offline messages -> deliver.
      // mod_mam default_archive_policy always, archive_expires_after 1w;
      // mod_smacks hibernation 10 min, max_ack_delay 30 s, queue 500; unacked
      // messages go to offline storage when it was the only session, else an
      // error (if_offline); internal storage caps archive stores (mod_offline
      // uses one) at 10000 items per user.
      {"prosody-13", nullptr,
       "Prosody 13 with community mod_sasl2_bind2: Bind2 leaves the spool (facts 3)",
       "bind2_offline_strategy: \"deliver\"\n"
       "offline { enabled: true max_user_messages: 10000 use_mam_for_storage: false ttl: \"0\" }\n"
       "mam { enabled: true default: \"always\" retention: \"7d\" archive_lag { constant: \"0\" } }\n"
       "stream_management { enabled: true resume_timeout: \"600s\" ack_timeout: \"30s\"\n"
       "                    resend_on_timeout: \"if_offline\" max_ack_queue: 500 }\n"},
      // facts 4: mod_bind2 has no offline/MAM hook -> deliver; shipped config
      // limits the spool to 100; mod_mam has no per-user default (everything
      // eligible is archived: always) and an async writer flushing every
      // 2000 ms; SM resume 600 s, buffer_max 100, unacked messages re-routed.
      {"mongooseim-6.2", nullptr, "MongooseIM 6.2: Bind2 without purge (facts 4)",
       "bind2_offline_strategy: \"deliver\"\n"
       "offline { enabled: true max_user_messages: 100 use_mam_for_storage: false ttl: \"0\" }\n"
       "mam { enabled: true default: \"always\" retention: \"0\"\n"
       "      archive_lag { uniform { low: \"0\" high: \"2s\" } } }\n"
       "stream_management { enabled: true resume_timeout: \"600s\" ack_timeout: \"60s\"\n"
       "                    resend_on_timeout: \"true\" max_ack_queue: 100 }\n"},
  };
  return presets;
}
#undef SPOOLSIM_EJABBERD_MODULES

// ---- Clients (R3) -------------------------------------------------------------
// `auth: sasl2_bind2` only for clients that send a Bind2 request; SASL2 with a
// legacy RFC 6120 bind is `sasl1` for the model (R8 runs on Bind2 only).
// catchup_max_messages 0 and catchup_max_age "0" mean no limit. Clients that
// fetch MAM only per chat window the user opens get mam_catchup false (no
// account-wide catch-up on a new session). Connectivity is not in the facts
// (facts 6: no published measurements), so presets leave it generic.
const std::vector<Preset>& client_presets() {
  static const std::vector<Preset> presets = {
      // facts 5: SASL2 + Bind2 + FAST since 2.11.0, SM inline; catch-up after
      // each new session, forward, at most 5 days (MAM_MAX_CATCHUP) and 750
      // messages (MAM_MAX_MESSAGES).
      {"conversations", nullptr, "Conversations >= 2.11: Bind2, SM, catch-up forward 5d / 750 (facts 5)",
       "auth: \"sasl2_bind2\" stream_management: true mam_catchup: true\n"
       "catchup_max_age: \"5d\" catchup_max_messages: 750 catchup_order: \"forward\"\n"},
      // facts 5: nbxmpp uses SASL2 but binds with RFC 6120 (no Bind2); SM;
      // catch-up on sign-in after the last stanza-id until complete (no cap).
      {"gajim", nullptr, "Gajim >= 1.5: SASL2 without Bind2, SM, catch-up forward without cap (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: true\n"
       "catchup_max_age: \"0\" catchup_max_messages: 0 catchup_order: \"forward\"\n"},
      // facts 5: SASL2 since 6.0, Bind2 planned; SM since 4.6; catch-up pages
      // forward from the last stanza-id until complete.
      {"monal", nullptr, "Monal 6: SASL2 without Bind2, SM, catch-up forward without cap (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: true\n"
       "catchup_max_age: \"0\" catchup_max_messages: 0 catchup_order: \"forward\"\n"},
      // facts 5: Bind2 only in an untagged commit (2026-04), so released Dino
      // (<= 0.5.1) binds the RFC 6120 way; history sync takes the newest page
      // and back-fills the whole archive.
      {"dino", nullptr, "Dino <= 0.5.1: no Bind2 in a release, SM, whole-archive sync newest first (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: true\n"
       "catchup_max_age: \"0\" catchup_max_messages: 0 catchup_order: \"backward\"\n"},
      // facts 5: Bind2 since 0.24, no XEP-0198; own archive sync (its limits are
      // unverified: generic 7d / 1000).
      {"movim", nullptr, "Movim >= 0.24: Bind2, no SM, own archive sync (facts 5)",
       "auth: \"sasl2_bind2\" stream_management: false mam_catchup: true\n"
       "catchup_max_age: \"7d\" catchup_max_messages: 1000 catchup_order: \"forward\"\n"},
      // facts 5: no SASL2/Bind2; SM on by default; per open chat it fetches the
      // newest page (50) since the latest cached message, no further pages.
      {"converse.js", nullptr, "Converse.js: no Bind2, SM, newest page of 50 (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: true\n"
       "catchup_max_age: \"0\" catchup_max_messages: 50 catchup_order: \"backward\"\n"},
      // facts 5: libstrophe without SASL2/Bind2; SM on; MAM per chat window.
      {"profanity", nullptr, "Profanity: no Bind2, SM, MAM only per chat window (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: false\n"},
      // facts 5: no SASL2/Bind2; SM; first MAM sync covers one month.
      {"siskin", nullptr, "Siskin IM: no Bind2, SM, archive sync of up to one month (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: true\n"
       "catchup_max_age: \"30d\" catchup_max_messages: 0 catchup_order: \"forward\"\n"},
      // facts 5: Smack without SASL2/Bind2; SM resumption; MAM per chat when opened.
      {"atalk", nullptr, "aTalk: no Bind2, SM, MAM only per chat when opened (facts 5)",
       "auth: \"sasl1\" stream_management: true mam_catchup: false\n"},
  };
  return presets;
}

const Preset* find_preset(const std::vector<Preset>& presets, const std::string& name) {
  for (const auto& p : presets) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

std::vector<std::string> names_of(const std::vector<Preset>& presets) {
  std::vector<std::string> names;
  for (const auto& p : presets) names.emplace_back(p.name);
  return names;
}

template <typename Message>
const Message* parsed(const std::vector<Preset>& presets, const std::string& name) {
  static const auto table = [&presets] {
    std::vector<std::pair<std::string, Message>> out;
    for (const auto& p : presets) {
      const Preset* source = p.alias_of != nullptr ? find_preset(presets, p.alias_of) : &p;
      Message m;
      detail::parse_text_into(source->text, std::string("<preset ") + p.name + ">", m);
      out.emplace_back(p.name, std::move(m));
    }
    return out;
  }();
  for (const auto& [key, message] : table) {
    if (key == name) return &message;
  }
  return nullptr;
}

}  // namespace

namespace detail {

const pb::Server* find_server_preset(const std::string& name) { return parsed<Server>(server_presets(), name); }
const pb::ClientProfile* find_client_preset(const std::string& name) {
  return parsed<ClientProfile>(client_presets(), name);
}

}  // namespace detail

std::vector<std::string> server_preset_names() { return names_of(server_presets()); }
std::vector<std::string> client_preset_names() { return names_of(client_presets()); }

// Printed as a scenario fragment with everything filled in, so that it loads
// back as a scenario and resolves to the same values (tested).
std::string server_preset_textproto(const std::string& name) {
  const Preset* p = find_preset(server_presets(), name);
  if (p == nullptr) throw ScenarioError(detail::unknown_name("server preset", name, server_preset_names()));
  detail::pb::Scenario s;
  *s.mutable_server() = detail::generic_defaults().server();
  detail::overlay(*s.mutable_server(), *detail::find_server_preset(name));
  s.mutable_server()->set_preset(name);
  return std::string("# ") + p->summary + "\n" + detail::print_text(s);
}

std::string client_preset_textproto(const std::string& name) {
  const Preset* p = find_preset(client_presets(), name);
  if (p == nullptr) throw ScenarioError(detail::unknown_name("client preset", name, client_preset_names()));
  detail::pb::Scenario s;
  detail::pb::ClientProfile& profile = *s.add_clients();
  profile = detail::generic_client();
  detail::overlay(profile, *detail::find_client_preset(name));
  profile.set_name(name);
  profile.set_preset(name);
  return std::string("# ") + p->summary + "\n" + detail::print_text(s);
}

}  // namespace spoolsim::scenarios

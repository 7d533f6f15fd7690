// The generic defaults every scenario starts from (before presets and the
// file). They equal models::Scenario's member defaults; a test checks that.
#include <string>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {
namespace {

constexpr const char* kDefaultsText = R"pb(
name: "unnamed"
description: ""
seed: 1
replications: 5
horizon: "14d"
warmup: "1d"
drain: "1d"
population {
  users: 2000
  # R2.1: 1 device 55%, 2 devices 35%, 3 devices 10%.
  devices_per_user { empirical { values: [1, 2, 3] weights: [55, 35, 10] } }
  mam_always_contact_share: 0
  mam_never_contact_share: 0
}
contacts {
  generator: "small_world"
  mean_degree: 10
  one_way_share: 0
  file: ""
  rewire_probability: 0.1
  power_law_alpha: 2.5
}
traffic {
  messages_per_user_per_day: 20
  sender_must_be_online: true
  stranger_share: 0
  size { lognormal { median: 400 sigma: 0.5 } }  # R4.3
  no_store_share: 0
}
server {
  preset: ""
  # Module defaults from the code, not the example config (R5).
  offline {
    enabled: true
    max_user_messages: 0  # unlimited
    use_mam_for_storage: false
    ttl: "0"
    row_overhead_bytes: 200
    honour_no_store: true
    flush_after_mam_query: true
    full_store_bounces_archived: true
  }
  mam {
    enabled: true
    default: "never"
    retention: "0"
    archive_lag { constant: "0" }
    failure_share: 0
    row_overhead_bytes: 400
    archive_sender_copy: true
  }
  stream_management {
    enabled: true
    resume_timeout: "300s"
    ack_timeout: "60s"
    resend_on_timeout: "false"
    max_ack_queue: 5000
    overflow_drops_oldest: false
  }
  zombie_detect_delay { exponential { mean: "10m" } }
}
prices {
  storage_per_gb_month: 0.10
  per_million_operations: 0.20
}
)pb";

// R3's generic profile: what a profile has before its preset and its fields.
constexpr const char* kGenericClientText = R"pb(
auth: "sasl1"
stream_management: false
mam_catchup: false
catchup_max_age: "7d"
catchup_max_messages: 1000
catchup_order: "forward"
catchup_from: "newest_received"
mam_before_presence: false
new_user_agent_each_login: false
presence_priority: 0
online_duration { exponential { mean: "2h" } }
offline_duration { exponential { mean: "6h" } }
abrupt_disconnect_share: 0
)pb";

}  // namespace

const pb::Scenario& generic_defaults() {
  static const pb::Scenario defaults = [] {
    pb::Scenario s;
    parse_text_into(kDefaultsText, "<built-in defaults>", s);
    return s;
  }();
  return defaults;
}

const pb::ClientProfile& generic_client() {
  static const pb::ClientProfile profile = [] {
    pb::ClientProfile p;
    parse_text_into(kGenericClientText, "<built-in generic client>", p);
    return p;
  }();
  return profile;
}

}  // namespace spoolsim::scenarios::detail

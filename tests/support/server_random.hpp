// Small generated scenarios for the server's invariant tests (world generator).
#pragma once
#include <cstdint>

#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"

namespace spoolsim::testing {

struct RandomConfig {
  std::uint64_t seed = 1;
  std::uint32_t users = 40;
  models::MamDefault mam_default = models::MamDefault::Never;
  bool sasl1_only = false;
  bool single_device = false;
  double stranger_share = 0.2;
  std::uint32_t max_user_messages = models::kUnlimited;
  sim::Duration ttl = 0;
  models::ResendOnTimeout resend = models::ResendOnTimeout::False;
  bool lag_and_failures = false;
  sim::Duration retention = 0;
  bool small_catchup = false;  // backward, 5 messages, 1 day
};

// Profiles: 0 conversations (bind2, SM, catch-up), 1 gajim (sasl1, SM,
// catch-up), 2 plain (sasl1, no SM, no catch-up); on 1h / off 3h, 30% abrupt.
models::Scenario random_scenario(const RandomConfig& c);

// Field-by-field equality with a readable failure message (gtest).
void expect_same_outcomes(const models::OutcomeCounts& a, const models::OutcomeCounts& b,
                          const char* what);
void expect_same_storage(const models::StorageStats& a, const models::StorageStats& b,
                         const char* what, bool with_catchup_reads = true);

}  // namespace spoolsim::testing

// R13 test scenarios built in C++ (independent of the file loader): each
// meets the analytic model's assumptions and is small enough to simulate in
// seconds.
#pragma once
#include "models/inputs/scenario.hpp"

namespace spoolsim::testing {

// An exponential on/off profile; `auth` decides what purge_all does.
models::ClientProfile analytic_profile(const char* name, models::Auth auth, double online_hours,
                                       double offline_hours);

// Base: MAM off, unlimited spool, Poisson traffic, deliver + purge_all,
// warmup 2d, counted 8d, drain 4d, `users` users, one Bind2 device each.
models::Scenario analytic_base(std::uint32_t users = 120);

// One Bind2 device per user (online 2h / offline 6h).
models::Scenario analytic_one_device();
// Two devices per user with different rates, pinned per slot (both Bind2).
models::Scenario analytic_two_devices();
// 1/2/3 devices (50/30/20%) drawn from a mix of three profiles, one of them
// SASL1 (so purge_all loses only when a Bind2 device connects first).
models::Scenario analytic_mixed_devices();

}  // namespace spoolsim::testing

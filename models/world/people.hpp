// R2: a user and a device as the world stores them (dense ids, contiguous
// devices per user). Drawn by population.cpp, held by World.
#pragma once
#include <cstdint>
#include <limits>

#include "models/inputs/ids.hpp"
#include "models/inputs/scenario.hpp"

namespace spoolsim::models {

struct User {
  DeviceId first_device = 0;  // devices of a user are contiguous
  std::uint8_t device_count = 0;
  MamDefault mam_default = MamDefault::Never;  // effective default (override or server's), R2.3
  std::uint16_t device_mix = 0;  // index into World::device_mix_labels() (R12.2)
};

struct Device {
  UserId user = 0;
  std::uint8_t slot = 0;
  ProfileIndex profile = 0;
};

// Device counts and slots are 8 bits: they must hold every count a scenario may ask for.
static_assert(kMaxDevicesPerUser <= std::numeric_limits<decltype(User::device_count)>::max());
static_assert(kMaxDevicesPerUser - 1 <= std::numeric_limits<decltype(Device::slot)>::max());

}  // namespace spoolsim::models

// Dense integer ids of the model's entities (architecture: hot paths are plain).
#pragma once
#include <cstdint>

namespace spoolsim::models {
using UserId = std::uint32_t;
using DeviceId = std::uint32_t;
using MessageId = std::uint32_t;  // dense, in send order (R4.3: archive order = send order)
}  // namespace spoolsim::models

// R10: the outcome ledger of one replica. In-flight messages carry a small
// Fate record (kept by the replica while a copy or a reachable archive entry
// remains); once a fate is decided the ledger keeps only counters, the
// latency histogram and the R12.2 breakdowns.
#pragma once
#include <cstdint>
#include <vector>

#include "models/inputs/ids.hpp"
#include "models/outcomes/results.hpp"
#include "models/inputs/scenario.hpp"
#include "sim/statistics.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

inline constexpr DeviceId kNoDevice = 0xFFFFFFFFu;

// Per in-flight counted message (R10). Device bits are indexes within the
// recipient's devices (at most kMaxDevicesPerUser, so they fit 64 bits).
static_assert(kMaxDevicesPerUser <= 64, "Fate::received and Fate::passed are 64-bit device sets");
struct Fate {
  sim::Time first_received = sim::kNever;
  sim::Time archive_lost_at = -1;  // latest loss of archive access among `passed` devices
  std::uint64_t received = 0;      // devices of R that received m
  std::uint64_t passed = 0;        // catch-up devices whose cursor passed m unreceived (R7.3)
  DeviceId first_device = kNoDevice;
  DeviceId copy_device = kNoDevice;     // session that destroyed the last copy
  DeviceId archive_device = kNoDevice;  // device of archive_lost_at
  std::uint32_t duplicates = 0;         // R10.5
  std::uint16_t copies = 0;             // spool entries + unacked-queue entries
  std::uint8_t bounce = 0;              // 1 + BounceReason of the first bounce, 0 = none
  std::uint8_t copy_cause = 0;          // 1 + LossCause of the last destroyed copy
  std::uint8_t archive_cause = 0;       // 1 + LossCause at archive_lost_at
};

enum class FateKind : std::uint8_t { Unresolved, Delivered, Bounced, Lost, Pending };

// The decided fate of one message, kept only when the log is on (tests).
struct MessageFate {
  FateKind kind = FateKind::Unresolved;
  BounceReason bounce = BounceReason::SpoolFull;  // kind == Bounced
  LossCause cause = LossCause::PurgedOnBind2;     // kind == Lost
  sim::Time first_received = sim::kNever;
  std::uint32_t duplicates = 0;
  bool delivered_all_devices = false;  // final only after the horizon
  DeviceId decider = kNoDevice;        // device whose session caused the delivery or loss
};

class Ledger {
 public:
  Ledger(std::size_t users, std::size_t mixes, std::size_t profiles);

  void sent(std::uint16_t mix);
  // `missing`: devices of R without m whose last connect is not after the
  // send; m counts as delivered to all devices unless one of them connects
  // again before the horizon (R10.1). `failed`: a device already did.
  void delivered(UserId r, std::uint16_t mix, ProfileIndex profile, sim::Duration latency,
                 std::uint32_t duplicates, bool failed, std::uint64_t missing);
  void bounced(std::uint16_t mix, ProfileIndex profile, BounceReason reason);
  void lost(std::uint16_t mix, ProfileIndex profile, LossCause cause);
  void pending(std::uint16_t mix, ProfileIndex profile);
  // R10.1: device `index` of r connected: messages waiting on it miss a device.
  void device_connected(UserId r, unsigned index);
  // At the horizon: messages still waiting reached every device that mattered.
  void finish();

  const OutcomeCounts& totals() const { return totals_; }
  const std::vector<OutcomeCounts>& by_mix() const { return by_mix_; }
  const std::vector<OutcomeCounts>& by_profile() const { return by_profile_; }
  const sim::LatencyHistogram& latency() const { return latency_; }

  // Test support: keep every decided fate (off by default: memory grows with messages).
  void enable_log() { log_on_ = true; }
  bool log_enabled() const { return log_on_; }
  struct LogEntry {
    MessageFate fate;
    std::uint64_t missing = 0;  // as passed to delivered()
    bool failed = false;
  };
  void log(MessageId id, const LogEntry& entry);
  const LogEntry* logged(MessageId id) const;

 private:
  struct Wait {  // delivered messages waiting on the devices in `mask` not connecting again
    std::uint64_t mask = 0;
    ProfileIndex profile = 0;
    std::uint16_t mix = 0;
    std::uint32_t count = 0;
  };
  template <class F>
  void each_group(std::uint16_t mix, ProfileIndex profile, F&& f) {
    f(totals_);
    f(by_mix_[mix]);
    f(by_profile_[profile]);
  }

  OutcomeCounts totals_;
  std::vector<OutcomeCounts> by_mix_;
  std::vector<OutcomeCounts> by_profile_;
  sim::LatencyHistogram latency_;
  std::vector<std::vector<Wait>> waits_;  // per user; a handful of groups each
  // Per user: the union of its groups' masks. A connect of a device outside
  // it changes nothing and reads no group (most connects: saves two cache misses).
  std::vector<std::uint64_t> waiting_;
  bool log_on_ = false;
  std::vector<LogEntry> log_;
};

}  // namespace spoolsim::models

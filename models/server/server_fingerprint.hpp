// A fingerprint of what one replica did (issue 12 item 8): every change of
// its state folds in, in order: session transitions, spool operations and
// expiries, unacked-queue entries, receptions, bounces, destroyed copies,
// catch-up reads and decided fates. The world's fingerprint covers the
// timeline; this one changes when the server model behaves differently.
#pragma once
#include <cstdint>

#include "models/inputs/ids.hpp"
#include "models/outcomes/results.hpp"
#include "models/server/session.hpp"
#include "sim/fingerprint.hpp"

namespace spoolsim::models {

class ServerFingerprint {
 public:
  void session(sim::Time t, DeviceId d, SessionState now) {
    fp_.fold(t, kSession + static_cast<std::uint32_t>(now), d);
  }
  void spool_op(sim::Time t, StoreOp op, UserId u, std::uint32_t rows, std::uint64_t bytes) {
    fp_.fold(t, kSpoolOp + static_cast<std::uint32_t>(op), (std::uint64_t{u} << 32) | rows);
    fp_.fold(t, kSpoolBytes, bytes);
  }
  void spool_expiry(sim::Time t, UserId u, MessageId m) { fp_.fold(t, kSpoolExpiry, pair(u, m)); }
  void enqueued(sim::Time t, DeviceId d, MessageId m) { fp_.fold(t, kEnqueue, pair(d, m)); }
  void received(sim::Time t, DeviceId d, MessageId m) { fp_.fold(t, kReception, pair(d, m)); }
  void bounced(sim::Time t, MessageId m, BounceReason why) {
    fp_.fold(t, kBounce + static_cast<std::uint32_t>(why), m);
  }
  void copy_destroyed(sim::Time t, MessageId m, LossCause cause, DeviceId by) {
    fp_.fold(t, kCopyDestroyed + static_cast<std::uint32_t>(cause), pair(by, m));
  }
  void catch_up(sim::Time t, DeviceId d, std::uint64_t fetched) {
    fp_.fold(t, kCatchUp, (fetched << 32) | d);
  }
  // kind: 1 + FateKind; detail: the cause or bounce reason; decider may be kNoDevice.
  void fate(sim::Time t, MessageId m, std::uint32_t kind, std::uint32_t detail, DeviceId decider) {
    fp_.fold(t, kFate + (kind << 4) + detail, pair(decider, m));
  }

  std::uint64_t value() const { return fp_.value(); }

 private:
  // Disjoint kind ranges, so two different changes never fold the same kind.
  static constexpr std::uint32_t kSession = 0x100, kSpoolOp = 0x200, kSpoolBytes = 0x2ff,
                                 kSpoolExpiry = 0x300, kEnqueue = 0x400, kReception = 0x500,
                                 kBounce = 0x600, kCopyDestroyed = 0x700, kCatchUp = 0x800,
                                 kFate = 0x1000;
  static std::uint64_t pair(std::uint32_t high, std::uint32_t low) {
    return (std::uint64_t{high} << 32) | low;
  }

  sim::Fingerprint fp_;
};

}  // namespace spoolsim::models

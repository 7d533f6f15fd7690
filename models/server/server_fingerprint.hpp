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
    fold(t, kSession + static_cast<std::uint32_t>(now), d);
  }
  void spool_op(sim::Time t, StoreOp op, UserId u, std::uint32_t rows, std::uint64_t bytes) {
    fold(t, kSpoolOp + static_cast<std::uint32_t>(op), pair(u, rows));
    add(bytes);
  }
  void spool_expiry(sim::Time t, UserId u, MessageId m) { fold(t, kSpoolExpiry, pair(u, m)); }
  void enqueued(sim::Time t, DeviceId d, MessageId m) { fold(t, kEnqueue, pair(d, m)); }
  void received(sim::Time t, DeviceId d, MessageId m) { fold(t, kReception, pair(d, m)); }
  void bounced(sim::Time t, MessageId m, BounceReason why) {
    fold(t, kBounce + static_cast<std::uint32_t>(why), m);
  }
  void copy_destroyed(sim::Time t, MessageId m, LossCause cause, DeviceId by) {
    fold(t, kCopyDestroyed + static_cast<std::uint32_t>(cause), pair(by, m));
  }
  void catch_up(sim::Time t, DeviceId d, std::uint64_t fetched) {
    fold(t, kCatchUp, (fetched << 32) | d);
  }
  // kind: FateKind; detail: the cause or bounce reason; decider may be kNoDevice.
  void fate(sim::Time t, MessageId m, std::uint32_t kind, std::uint32_t detail, DeviceId decider) {
    fold(t, kFate + (kind << 4) + detail, pair(decider, m));
  }

  // The changes so far, through the kernel's fingerprint mix.
  std::uint64_t value() const {
    sim::Fingerprint out;
    out.fold(0, 0, state_);
    return out.value();
  }

 private:
  // Disjoint kind ranges, so two different changes never fold the same kind.
  static constexpr std::uint32_t kSession = 0x100, kSpoolOp = 0x200, kSpoolExpiry = 0x300,
                                 kEnqueue = 0x400, kReception = 0x500, kBounce = 0x600,
                                 kCopyDestroyed = 0x700, kCatchUp = 0x800, kFate = 0x1000;
  static std::uint64_t pair(std::uint32_t high, std::uint32_t low) {
    return (std::uint64_t{high} << 32) | low;
  }
  // The hot path folds millions of changes: a polynomial hash over 64-bit
  // words (multiplier odd, so any single changed word changes the value and
  // the order of words matters), mixed once in value().
  void add(std::uint64_t word) { state_ = (state_ + word) * 0x9e3779b97f4a7c15ULL; }
  void fold(sim::Time t, std::uint32_t kind, std::uint64_t entity) {
    add(static_cast<std::uint64_t>(t) ^ (std::uint64_t{kind} << 48));
    add(entity);
  }

  std::uint64_t state_ = 0x243f6a8885a308d3ULL;
};

}  // namespace spoolsim::models

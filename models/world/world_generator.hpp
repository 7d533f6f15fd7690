// The world's timeline (R1.2-R1.5, R3 connectivity, R4 traffic, R7.4 timers):
// presence of every device, disconnect kinds and detection timers, and the
// Poisson traffic of every user, emitted one event at a time in R1.2 order.
// All randomness comes from per-entity streams (R1.4); nothing here depends
// on which strategies run.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "models/world/world.hpp"
#include "sim/calendar.hpp"
#include "sim/fingerprint.hpp"
#include "sim/random.hpp"

namespace spoolsim::models {

class WorldGenerator {
 public:
  // Schedules every device's first presence change and every user's first
  // send candidate. Throws std::invalid_argument on a diurnal profile that
  // does not have 24 non-negative factors with a positive sum.
  WorldGenerator(World& world, std::uint32_t replication);

  // The next event in R1.2 order; Send events have already been recorded in
  // the world (World::send). The last event is Horizon at scenario.horizon;
  // after it, next() returns false.
  bool next(WorldEvent& out);

  std::uint64_t events() const { return events_; }  // events emitted so far
  std::uint64_t fingerprint() const { return fingerprint_.value(); }
  sim::Time now() const { return now_; }

  // The device's actual link state (not what a server believes).
  bool online(DeviceId d) const { return devices_[d].online; }
  std::uint32_t connection(DeviceId d) const { return devices_[d].connection; }
  std::uint32_t online_devices(UserId u) const { return users_[u].online_devices; }
  // R4.1: candidates skipped because the sender had no connected device, or
  // because no recipient exists (a one-user population).
  std::uint64_t skipped_offline() const { return skipped_offline_; }
  std::uint64_t skipped_no_recipient() const { return skipped_no_recipient_; }

  // R3 initial state (exposed for tests): stationary probability of being
  // online, E[on] / (E[on] + E[off]), 0.5 if neither mean is finite.
  static double stationary_online_share(const ClientProfile& profile);
  // R4.1 with traffic.sent_messages_per_user_per_day: the candidate rate per
  // day that makes a user with these devices send `sent` per day, sent / P(at
  // least one device online) under the stationary state (devices independent);
  // 0 when no device is ever online.
  static double candidate_rate_for_sent(double sent, const std::vector<const ClientProfile*>& devices,
                                        bool sender_must_be_online);
  // A draw of the stationary residual (forward recurrence) time of `d`:
  // exact for every kind of sim::Distribution (docs/world-notes.md).
  static double sample_residual(const sim::Distribution& d, sim::RandomStream& rng);
  // Diurnal time change: the time T >= t with integral_t^T f(hour(s)) ds = work.
  static sim::Time diurnal_advance(sim::Time t, double work, const Diurnal& factors);

 private:
  enum Kind : std::uint32_t { Toggle, Candidate, ZombieTimer, ResumeTimer };

  struct DeviceState {
    sim::RandomStream presence;    // on/off durations (R3)
    sim::RandomStream disconnect;  // abrupt or clean, detection delay (R7.4)
    sim::EventId zombie_timer = 0;
    sim::EventId resume_timer = 0;
    std::uint32_t connection = 0;
    bool online = false;
    bool timers = false;  // zombie_timer / resume_timer are pending
  };
  struct UserState {
    sim::RandomStream arrivals;  // candidate times and diurnal thinning (R4.1)
    sim::RandomStream content;   // recipient, size, no-store, lag, failure
    double candidate_gap_us = 0;  // mean gap between candidates at the peak diurnal rate
    std::uint32_t online_devices = 0;
  };

  void schedule_candidate(UserId u, sim::Time after);
  bool toggle(const sim::Event& e, WorldEvent& out);
  bool candidate(const sim::Event& e, WorldEvent& out);
  bool pick_recipient(UserId from, UserState& user, UserId& to);
  void emit(const WorldEvent& e);

  World& world_;
  const Scenario& scenario_;
  sim::EventCalendar calendar_;
  std::vector<DeviceState> devices_;
  std::vector<UserState> users_;
  sim::Fingerprint fingerprint_;
  sim::Time now_ = 0;
  sim::Time send_end_ = 0;        // horizon - drain (R1.5)
  double candidate_gap_us_ = 0;   // the same for every user, unless the sent rate is stated
  Diurnal traffic_diurnal_;
  double traffic_peak_ = 1.0;     // max diurnal factor (thinning bound)
  sim::Time thinning_hour_end_ = 0;  // the hour of the last thinning ends here ...
  double thinning_factor_ = 0.0;     // ... and this is its traffic factor
  bool both_sm_enabled_ = false;  // server side of "both have stream management"
  bool done_ = false;
  std::uint64_t events_ = 0;
  std::uint64_t skipped_offline_ = 0;
  std::uint64_t skipped_no_recipient_ = 0;
};

}  // namespace spoolsim::models

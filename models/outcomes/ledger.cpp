#include "models/outcomes/ledger.hpp"

#include <algorithm>

namespace spoolsim::models {

Ledger::Ledger(std::size_t users, std::size_t mixes, std::size_t profiles)
    : by_mix_(mixes), by_profile_(profiles), waits_(users), waiting_(users, 0) {}

void Ledger::sent(std::uint16_t mix) {
  ++totals_.sent;
  ++by_mix_[mix].sent;
}

// by_profile's `sent` is counted with the fate: a message belongs to the
// profile that decided it (docs/model-notes.md), so each row keeps R10.6.
void Ledger::delivered(UserId r, std::uint16_t mix, ProfileIndex profile, sim::Duration latency,
                       std::uint32_t duplicates, bool failed, std::uint64_t missing) {
  ++by_profile_[profile].sent;
  each_group(mix, profile, [&](OutcomeCounts& c) {
    ++c.delivered;
    c.duplicates += duplicates;
  });
  latency_.record(latency);
  if (failed) return;
  if (missing == 0) {
    each_group(mix, profile, [](OutcomeCounts& c) { ++c.delivered_all_devices; });
    return;
  }
  auto& groups = waits_[r];
  for (Wait& w : groups) {
    if (w.mask == missing && w.profile == profile) {
      ++w.count;
      return;
    }
  }
  groups.push_back(Wait{missing, profile, mix, 1});
  waiting_[r] |= missing;
}

void Ledger::bounced(std::uint16_t mix, ProfileIndex profile, BounceReason reason) {
  ++by_profile_[profile].sent;
  each_group(mix, profile, [&](OutcomeCounts& c) {
    ++c.bounced;
    ++c.bounced_by_reason[static_cast<std::size_t>(reason)];
  });
}

void Ledger::lost(std::uint16_t mix, ProfileIndex profile, LossCause cause) {
  ++by_profile_[profile].sent;
  each_group(mix, profile, [&](OutcomeCounts& c) {
    ++c.lost;
    ++c.lost_by_cause[static_cast<std::size_t>(cause)];
  });
}

void Ledger::pending(std::uint16_t mix, ProfileIndex profile) {
  ++by_profile_[profile].sent;
  each_group(mix, profile, [](OutcomeCounts& c) { ++c.pending; });
}

void Ledger::device_connected(UserId r, unsigned index) {
  const std::uint64_t bit = std::uint64_t{1} << index;
  if ((waiting_[r] & bit) == 0) return;
  auto& groups = waits_[r];
  groups.erase(std::remove_if(groups.begin(), groups.end(),
                              [bit](const Wait& w) { return (w.mask & bit) != 0; }),
               groups.end());
  std::uint64_t left = 0;
  for (const Wait& w : groups) left |= w.mask;
  waiting_[r] = left;
}

void Ledger::finish() {
  for (auto& groups : waits_) {
    for (const Wait& w : groups)
      each_group(w.mix, w.profile, [&](OutcomeCounts& c) { c.delivered_all_devices += w.count; });
    groups.clear();
    groups.shrink_to_fit();
  }
  std::fill(waiting_.begin(), waiting_.end(), 0);
}

void Ledger::log(MessageId id, const LogEntry& entry) {
  if (!log_on_) return;
  if (log_.size() <= id) log_.resize(static_cast<std::size_t>(id) + 1);
  log_[id] = entry;
}

const Ledger::LogEntry* Ledger::logged(MessageId id) const {
  if (id >= log_.size() || log_[id].fate.kind == FateKind::Unresolved) return nullptr;
  return &log_[id];
}

}  // namespace spoolsim::models

// The size check's verdict and its messages (issue 16).
#include "scenarios/size_verdict.hpp"

namespace spoolsim::scenarios {

SizeVerdict judge_size(const ResourceEstimate& e, std::uint64_t available, const std::string& where, bool force) {
  SizeVerdict v;
  const bool too_big = available > 0 && e.peak_bytes > static_cast<double>(available);
  if (too_big) {
    const std::string need = "the run would need " + describe(e) + " for " + e.basis + "; " +
                             human_bytes(static_cast<double>(available)) + " is available (" + where + ")";
    if (!force) {
      v.refuse = true;
      v.message = need +
                  "; allowed: fewer users, messages per day, horizon days, strategies or replications at once "
                  "(--threads), or --force to run anyway (docs/sizing.md)";
      return v;
    }
    v.warn = true;
    v.message = "warning: --force: running although " + need;
    return v;
  }
  if (e.wall_seconds > kWarnWallSeconds) {
    v.warn = true;
    v.message = "warning: this run is estimated to take " + human_seconds(e.wall_seconds) + " (" + describe(e) +
                " for " + e.basis + "); fewer replications, users or days make it shorter (docs/sizing.md)";
  }
  return v;
}

SizeVerdict judge_size_here(const ResourceEstimate& e, bool force) {
  std::string where;
  const std::uint64_t available = available_memory_bytes(&where);
  return judge_size(e, available, where, force);
}

}  // namespace spoolsim::scenarios

// What the simulated world did in replication 0, written as a server's
// records would hold it (issue 14, the recovery test of calibration): the
// sessions as the CSV of docs/calibrate.md and the messages as ejabberd's
// SQL `archive` with `rosterusers`. The world is generated again from the
// scenario (R1.4: it does not depend on the strategies), so nothing in a
// run's hot path changes.
#pragma once
#include <string>

#include "models/inputs/scenario.hpp"

namespace spoolsim::calibrate {

// The instant simulated time 0 maps to in the files: 2026-01-05 00:00 UTC
// (a midnight, so the simulation's hours are UTC hours).
inline constexpr double kExportEpoch_s = 1767571200.0;
inline constexpr const char* kExportHost = "spoolsim.example";

struct ExportCounts {
  std::size_t sessions = 0, messages = 0, roster_entries = 0;
};

// Either path may be empty. Sessions cut by the start or the horizon are
// not written (a log starts and ends while links are up). Every message sent
// is written to the recipient's archive, as if every user archived (R6.2
// aside), so calibration sees the whole traffic. Files are written to a
// temporary name and renamed. Throws std::runtime_error on I/O errors.
ExportCounts export_world(const models::Scenario& scenario, const std::string& sessions_csv,
                          const std::string& archive_sqlite);

}  // namespace spoolsim::calibrate

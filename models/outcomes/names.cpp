// Stable names of the outcome enums (reports, JSON, traces). Changing one is a
// file-format change.
#include "models/outcomes/results.hpp"

namespace spoolsim::models {

const char* to_string(LossCause c) {
  switch (c) {
    case LossCause::PurgedOnBind2: return "purged_on_bind2";
    case LossCause::ZombieNoSm: return "zombie_no_sm";
    case LossCause::ExpiredSpool: return "expired_spool";
    case LossCause::ExpiredArchive: return "expired_archive";
    case LossCause::CatchupGap: return "catchup_gap";
    case LossCause::CatchupLimit: return "catchup_limit";
    case LossCause::DroppedUnacked: return "dropped_unacked";
    case LossCause::ArchiveFailure: return "archive_failure";
  }
  return "unknown";
}

const char* to_string(BounceReason r) {
  switch (r) {
    case BounceReason::SpoolFull: return "spool_full";
    case BounceReason::OfflineDisabled: return "offline_disabled";
    case BounceReason::NoStore: return "no_store";
    case BounceReason::UnackedNotArchived: return "unacked_not_archived";
  }
  return "unknown";
}

const char* to_string(StoreOp o) {
  switch (o) {
    case StoreOp::Insert: return "insert";
    case StoreOp::Pop: return "pop";
    case StoreOp::DeleteByPurge: return "delete_by_purge";
    case StoreOp::Count: return "count";
    case StoreOp::CatchupRead: return "catchup_read";
  }
  return "unknown";
}

}  // namespace spoolsim::models

// The tables of the outcome enums (R10, R11): stable names for reports, JSON
// and traces, and a line on each. Changing a name is a file-format change.
#include <iterator>

#include "models/outcomes/results.hpp"

namespace spoolsim::models {
namespace {

constexpr EnumEntry<LossCause> kLossCause[] = {
    {LossCause::PurgedOnBind2, "purged_on_bind2", "its last copy was deleted from the spool by a Bind2 strategy (R8)"},
    {LossCause::ZombieNoSm, "zombie_no_sm", "its last copy died with a zombie session without stream management (R7.4)"},
    {LossCause::ExpiredSpool, "expired_spool", "its last copy was a spool entry removed by offline.ttl (R9.1)"},
    {LossCause::ExpiredArchive, "expired_archive", "the archive entry expired by mam.retention (R9.2) or was deleted by the per-user cap mam.max_user_messages (R6.1) before a catch-up fetched it"},
    {LossCause::CatchupGap, "catchup_gap", "a catch-up cursor passed it before it was readable (archive lag, R7.3)"},
    {LossCause::CatchupLimit, "catchup_limit", "older than catchup_max_age or skipped by catchup_max_messages (R7.3)"},
    {LossCause::DroppedUnacked, "dropped_unacked", "unacked at session termination and dropped (R7.5)"},
    {LossCause::ArchiveFailure, "archive_failure", "meant to be archived, but the write failed (R6.1)"},
    {LossCause::NotSpooled, "not_spooled", "offline storage off: only the archive held it and no device fetched it (R6.4)"},
};
constexpr EnumEntry<BounceReason> kBounceReason[] = {
    {BounceReason::SpoolFull, "spool_full", "the recipient's spool was at max_user_messages (R6.4)"},
    {BounceReason::OfflineDisabled, "offline_disabled", "offline.enabled is false and no session was available (R6.4)"},
    {BounceReason::NoStore, "no_store", "a no-store message found no available session (R4.4, R6.4)"},
    {BounceReason::UnackedNotArchived, "unacked_not_archived", "unacked at termination and not archived (R7.5)"},
    {BounceReason::UnackedOtherSession, "unacked_other_session",
     "unacked at termination while the recipient has another session (R7.5)"},
};
constexpr EnumEntry<StoreOp> kStoreOp[] = {
    {StoreOp::Insert, "insert", "a spool row written"},
    {StoreOp::Pop, "pop", "spool rows read and deleted by a flush"},
    {StoreOp::DeleteByPurge, "delete_by_purge", "spool rows deleted unsent by a strategy"},
    {StoreOp::Count, "count", "a spool count for the max_user_messages check"},
    {StoreOp::CatchupRead, "catchup_read", "an archive page read by a catch-up"},
};

// The per-cause arrays of results.hpp are sized by these counts.
static_assert(lists_in_order(kLossCause) && std::size(kLossCause) == kLossCauseCount);
static_assert(lists_in_order(kBounceReason) && std::size(kBounceReason) == kBounceReasonCount);
static_assert(lists_in_order(kStoreOp) && std::size(kStoreOp) == kStoreOpCount);

}  // namespace

EnumTable<LossCause> enum_table(LossCause) { return {"loss cause", kLossCause}; }
EnumTable<BounceReason> enum_table(BounceReason) { return {"bounce reason", kBounceReason}; }
EnumTable<StoreOp> enum_table(StoreOp) { return {"store operation", kStoreOp}; }

const char* to_string(LossCause c) { return enum_name(c); }
const char* to_string(BounceReason r) { return enum_name(r); }
const char* to_string(StoreOp o) { return enum_name(o); }

}  // namespace spoolsim::models

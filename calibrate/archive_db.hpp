// Messages read from a server's database: ejabberd's SQL `archive` (with
// `rosterusers` for who is a contact) or Prosody's `prosodyarchive` (with
// the `roster` store of its `prosody` table), from an SQLite file or a
// PostgreSQL database. Names are hashed as in calibrate/sessions.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace spoolsim::calibrate {

enum class ServerKind { Ejabberd, Prosody };
ServerKind parse_server_kind(const std::string& name);  // ejabberd | prosody

struct ArchivedMessage {
  std::string sender, recipient;  // hashes of the bare JIDs
  double time_s = 0;              // Unix seconds
  std::uint32_t size_bytes = 0;   // the stored stanza's length
  bool recipient_local = false;   // the recipient has rows or a roster here
  bool stranger = false;          // sender not in the recipient's roster (when the roster is known)
};

struct ArchiveData {
  std::string path;
  std::vector<ArchivedMessage> messages;  // one per message (sender copy and recipient copy merged)
  std::size_t rows = 0;                   // archive rows read
  bool roster_known = false;              // the roster table exists and has rows
  std::size_t roster_entries = 0;
};

// `spec` is an SQLite file, or "postgres:CONNINFO" / a "postgresql://" URI
// (libpq). Throws CalibrateError "file: table archive: ..." on a file that
// is not an SQLite database or a database that lacks the tables ("postgres:
// table archive: missing" for PostgreSQL: a conninfo may hold a password),
// and "file: table archive, row N: ..." on a row it cannot read.
ArchiveData read_archive(const std::string& spec, ServerKind server);
bool is_postgres_spec(const std::string& spec);
// True when this build reads PostgreSQL (libpq found at configure time).
bool postgres_input_available();

}  // namespace spoolsim::calibrate

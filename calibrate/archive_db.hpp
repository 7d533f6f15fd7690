// Messages read from a server's database: ejabberd's SQL `archive` (with
// `rosterusers` for who is a contact) or Prosody's `prosodyarchive` (with
// the `roster` store of its `prosody` table), from an SQLite file. Names
// are hashed as in calibrate/sessions.hpp.
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

// Throws CalibrateError "file: table archive: ..." on a file that is not an
// SQLite database or lacks the tables, and "file: table archive, row N: ..."
// on a row it cannot read.
ArchiveData read_archive(const std::string& path, ServerKind server);

}  // namespace spoolsim::calibrate

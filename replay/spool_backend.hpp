// Spool backends for trace replay (issue 7): the operations ejabberd's
// mod_offline issues against its `spool` table, behind one interface, so a
// recorded run can be replayed against memory, SQLite and PostgreSQL.
// The simulator's replicas keep their own internal spool; this one is a
// standalone implementation of the same operations.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/inputs/ids.hpp"
#include "sim/time.hpp"

namespace spoolsim::models {

// Dense index of a `server_host` value (the multi-host schema's column).
using HostId = std::uint32_t;

// One spool row as every backend reports it (docs/spool-backends.md).
struct SpoolRow {
  std::string host;             // server_host
  UserId user = 0;              // username "u<id>"
  sim::Time created_at = 0;     // simulated time of the insert
  std::uint64_t bytes = 0;      // length of the xml column
  friend bool operator==(const SpoolRow&, const SpoolRow&) = default;
};

// What a pop or delete removed.
struct SpoolRemoved {
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

// Any failure of a backend (SQL error, connection lost, bad specification).
struct SpoolBackendError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class SpoolBackend {
 public:
  virtual ~SpoolBackend() = default;
  virtual std::string name() const = 0;  // "memory", "sqlite:/tmp/x.db", "postgres"

  // Registers a server_host value; the same name returns the same id.
  virtual HostId add_host(std::string_view host) = 0;

  // mod_offline_sql store_message: one row whose xml is `bytes` long.
  virtual void insert(HostId host, UserId user, sim::Time created_at, std::uint64_t bytes) = 0;
  // pop_messages: select the user's rows by seq, then delete them, in one transaction.
  virtual SpoolRemoved pop_all(HostId host, UserId user) = 0;
  // remove_all_messages (the Bind2 purge, R8): delete the user's rows, unread.
  virtual SpoolRemoved delete_all(HostId host, UserId user) = 0;
  // count_messages (the max_user_messages check, R6.4).
  virtual std::uint64_t count(HostId host, UserId user) = 0;
  // remove_old_messages: delete every row with created_at < cutoff (all hosts).
  virtual SpoolRemoved delete_expired(sim::Time cutoff) = 0;

  // Groups the operations that follow into one transaction until end_batch()
  // (SQL backends; memory ignores it). Nested calls are not allowed.
  virtual void begin_batch() {}
  virtual void end_batch() {}

  // Every row, ordered by (host, user, seq).
  virtual std::vector<SpoolRow> rows() = 0;
  virtual std::uint64_t row_count() = 0;
  // Storage used: database pages for SQL backends (after a checkpoint for
  // SQLite, pg_total_relation_size for PostgreSQL), xml bytes plus row
  // records for memory.
  virtual std::uint64_t size_bytes() = 0;
};

// The xml column of a synthetic row: a chat stanza to u<user>@<host>, padded
// with body text to exactly `bytes` bytes (cut when shorter than the envelope).
std::string spool_row_xml(std::string_view host, UserId user, std::uint64_t bytes);

// username column <-> UserId ("u42"). parse returns false on anything else.
std::string spool_username(UserId user);
bool parse_spool_username(std::string_view text, UserId& user);

// created_at: simulated time 0 is 2025-01-01 00:00:00 (UTC, no zone), printed
// "YYYY-MM-DD HH:MM:SS.ffffff". parse accepts 0 to 6 fraction digits.
std::string spool_timestamp(sim::Time t);
bool parse_spool_timestamp(std::string_view text, sim::Time& t);

std::unique_ptr<SpoolBackend> make_memory_spool_backend();

// `path` is a file (created; an existing spool table in it is dropped) or
// ":memory:". WAL journal, synchronous=NORMAL, autocommit: one transaction per
// operation (pop: select + delete in one) unless begin_batch() groups them.
// Creates lite.new.sql's spool table and index.
std::unique_ptr<SpoolBackend> make_sqlite_spool_backend(const std::string& path);

// True when this build has libpq (SPOOLSIM_HAVE_POSTGRES).
bool postgres_spool_backend_available();
// Connects with a libpq conninfo string; works in schema `spoolsim` (created,
// and its spool table dropped and re-created: an ejabberd database's own
// public.spool is never touched). Creates pg.new.sql's spool table and index.
std::unique_ptr<SpoolBackend> make_postgres_spool_backend(const std::string& conninfo);

// A throwaway PostgreSQL server: initdb in a fresh temporary directory,
// pg_ctl start on a Unix socket there (no TCP), stopped and removed by the
// destructor. As root, initdb/postgres run as user `postgres` via runuser.
class PostgresCluster {
 public:
  // Where initdb lives: $SPOOLSIM_PG_BINDIR, else the newest
  // /usr/lib/postgresql/<v>/bin, else the PATH. Empty when absent.
  static std::string find_bindir();
  // Throws SpoolBackendError (with the server log's tail) if it cannot start.
  PostgresCluster();
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  const std::string& conninfo() const { return conninfo_; }
  const std::string& directory() const { return dir_; }

 private:
  std::string bindir_;
  std::string dir_;
  std::string conninfo_;
  bool started_ = false;
};

// "memory", "sqlite" (temporary file), "sqlite:PATH", "postgres" (throwaway
// cluster), "postgres:CONNINFO". Throws SpoolBackendError on a bad spec or an
// unavailable backend. The returned backend owns its cluster, if any.
std::unique_ptr<SpoolBackend> open_spool_backend(const std::string& spec);

}  // namespace spoolsim::models

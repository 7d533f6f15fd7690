// PostgreSQL spool backend (libpq): ejabberd's pg.new.sql `spool` table and
// index, mod_offline_sql's statements, plus a throwaway local cluster.
// Built only when CMake finds libpq (models/CMakeLists.txt).
#include <fcntl.h>
#include <glob.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <unordered_map>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "replay/spool_backend.hpp"

extern char** environ;

namespace spoolsim::models {
namespace {

// sql/pg.new.sql (processone/ejabberd, newer revisions use BIGSERIAL), spool
// table and its index, in a schema of its own.
constexpr const char* kSchema =
    "SET client_min_messages TO warning;"
    "SET DateStyle TO ISO;"
    "CREATE SCHEMA IF NOT EXISTS spoolsim;"
    "SET search_path TO spoolsim;"
    "DROP TABLE IF EXISTS spool;"
    "CREATE TABLE spool (\n"
    "    username text NOT NULL,\n"
    "    server_host text NOT NULL,\n"
    "    xml text NOT NULL,\n"
    "    seq BIGSERIAL,\n"
    "    created_at TIMESTAMP NOT NULL DEFAULT now()\n"
    ");\n"
    "CREATE INDEX i_spool_sh_username ON spool USING btree (server_host, username);";

class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

std::uint64_t to_u64(const char* text) { return text && *text ? std::strtoull(text, nullptr, 10) : 0; }

class PostgresSpoolBackend final : public SpoolBackend {
 public:
  explicit PostgresSpoolBackend(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw SpoolBackendError("postgres: cannot connect (" + conninfo + "): " + trim(msg));
    }
    try {
      exec(kSchema);
      prepare("insert", "INSERT INTO spool(username, server_host, xml, created_at) VALUES ($1, $2, $3, $4)", 4);
      prepare("select_user", "SELECT username, xml FROM spool WHERE username=$1 AND server_host=$2 ORDER BY seq", 2);
      prepare("delete_user", "DELETE FROM spool WHERE username=$1 AND server_host=$2", 2);
      prepare("sum_user", "SELECT coalesce(sum(octet_length(xml)), 0) FROM spool WHERE username=$1 AND server_host=$2",
              2);
      prepare("count", "SELECT count(*) FROM spool WHERE username=$1 AND server_host=$2", 2);
      prepare("sum_expired", "SELECT coalesce(sum(octet_length(xml)), 0) FROM spool WHERE created_at < $1", 1);
      prepare("delete_expired", "DELETE FROM spool WHERE created_at < $1", 1);
    } catch (...) {
      PQfinish(conn_);
      throw;
    }
  }
  ~PostgresSpoolBackend() override { PQfinish(conn_); }

  std::string name() const override { return "postgres"; }

  HostId add_host(std::string_view host) override {
    const auto [it, added] = host_ids_.emplace(std::string(host), static_cast<HostId>(hosts_.size()));
    if (added) hosts_.emplace_back(host);
    return it->second;
  }

  void insert(HostId host, UserId user, sim::Time created_at, std::uint64_t bytes) override {
    const std::string& h = host_name(host);
    const std::string username = spool_username(user);
    const std::string xml = spool_row_xml(h, user, bytes);
    const std::string ts = spool_timestamp(created_at);
    Result r(run("insert", {username.c_str(), h.c_str(), xml.c_str(), ts.c_str()}, PGRES_COMMAND_OK));
  }

  SpoolRemoved pop_all(HostId host, UserId user) override {
    return in_transaction([&] {
      const std::string& h = host_name(host);
      const std::string username = spool_username(user);
      SpoolRemoved removed;
      {
        Result r(run("select_user", {username.c_str(), h.c_str()}, PGRES_TUPLES_OK));
        removed.rows = static_cast<std::uint64_t>(PQntuples(r.get()));
        for (int i = 0; i < PQntuples(r.get()); ++i) removed.bytes += static_cast<std::uint64_t>(PQgetlength(r.get(), i, 1));
      }
      Result d(run("delete_user", {username.c_str(), h.c_str()}, PGRES_COMMAND_OK));
      if (to_u64(PQcmdTuples(d.get())) != removed.rows)
        throw SpoolBackendError("postgres: pop: selected and deleted row counts differ");
      return removed;
    });
  }

  SpoolRemoved delete_all(HostId host, UserId user) override {
    return in_transaction([&] {
      const std::string& h = host_name(host);
      const std::string username = spool_username(user);
      SpoolRemoved removed;
      {
        Result r(run("sum_user", {username.c_str(), h.c_str()}, PGRES_TUPLES_OK));
        removed.bytes = to_u64(PQgetvalue(r.get(), 0, 0));
      }
      Result d(run("delete_user", {username.c_str(), h.c_str()}, PGRES_COMMAND_OK));
      removed.rows = to_u64(PQcmdTuples(d.get()));
      return removed;
    });
  }

  std::uint64_t count(HostId host, UserId user) override {
    const std::string username = spool_username(user);
    Result r(run("count", {username.c_str(), host_name(host).c_str()}, PGRES_TUPLES_OK));
    return to_u64(PQgetvalue(r.get(), 0, 0));
  }

  SpoolRemoved delete_expired(sim::Time cutoff) override {
    return in_transaction([&] {
      const std::string ts = spool_timestamp(cutoff);
      SpoolRemoved removed;
      {
        Result r(run("sum_expired", {ts.c_str()}, PGRES_TUPLES_OK));
        removed.bytes = to_u64(PQgetvalue(r.get(), 0, 0));
      }
      Result d(run("delete_expired", {ts.c_str()}, PGRES_COMMAND_OK));
      removed.rows = to_u64(PQcmdTuples(d.get()));
      return removed;
    });
  }

  void begin_batch() override {
    if (in_batch_) throw SpoolBackendError("postgres: begin_batch inside a batch");
    exec("BEGIN");
    in_batch_ = true;
  }
  void end_batch() override {
    if (!in_batch_) throw SpoolBackendError("postgres: end_batch without begin_batch");
    in_batch_ = false;
    exec("COMMIT");
  }

  std::vector<SpoolRow> rows() override {
    Result r(PQexec(conn_, "SELECT server_host, username, created_at, octet_length(xml) FROM spool ORDER BY seq"));
    check(r.get(), PGRES_TUPLES_OK, "rows");
    std::vector<SpoolRow> out;
    const int n = PQntuples(r.get());
    out.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      SpoolRow row;
      row.host = PQgetvalue(r.get(), i, 0);
      const std::string username = PQgetvalue(r.get(), i, 1);
      const std::string ts = PQgetvalue(r.get(), i, 2);
      if (!parse_spool_username(username, row.user))
        throw SpoolBackendError("postgres: spool row with foreign username '" + username + "'");
      if (!parse_spool_timestamp(ts, row.created_at))
        throw SpoolBackendError("postgres: spool row with unreadable created_at '" + ts + "'");
      row.bytes = to_u64(PQgetvalue(r.get(), i, 3));
      out.push_back(std::move(row));
    }
    std::stable_sort(out.begin(), out.end(), [](const SpoolRow& a, const SpoolRow& b) {
      return a.host != b.host ? a.host < b.host : a.user < b.user;
    });
    return out;
  }

  std::uint64_t row_count() override { return query_u64("SELECT count(*) FROM spool"); }
  std::uint64_t size_bytes() override { return query_u64("SELECT pg_total_relation_size('spoolsim.spool')"); }

 private:
  template <class F>
  SpoolRemoved in_transaction(F&& body) {
    if (in_batch_) return body();
    exec("BEGIN");
    try {
      SpoolRemoved removed = body();
      exec("COMMIT");
      return removed;
    } catch (...) {
      Result r(PQexec(conn_, "ROLLBACK"));
      throw;
    }
  }

  const std::string& host_name(HostId host) const {
    if (host >= hosts_.size()) throw SpoolBackendError("postgres: unknown host id " + std::to_string(host));
    return hosts_[host];
  }

  void prepare(const char* name, const char* sql, int params) {
    Result r(PQprepare(conn_, name, sql, params, nullptr));
    check(r.get(), PGRES_COMMAND_OK, name);
  }

  PGresult* run(const char* statement, std::initializer_list<const char*> params, ExecStatusType expected) {
    std::vector<const char*> values(params);
    PGresult* r = PQexecPrepared(conn_, statement, static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
    if (!r || PQresultStatus(r) != expected) {
      Result owned(r);
      check(r, expected, statement);
    }
    return r;
  }

  void exec(const char* sql) {
    Result r(PQexec(conn_, sql));
    check(r.get(), PGRES_COMMAND_OK, sql);
  }

  std::uint64_t query_u64(const char* sql) {
    Result r(PQexec(conn_, sql));
    check(r.get(), PGRES_TUPLES_OK, sql);
    return to_u64(PQgetvalue(r.get(), 0, 0));
  }

  void check(PGresult* r, ExecStatusType expected, const char* what) {
    if (r && PQresultStatus(r) == expected) return;
    const std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    throw SpoolBackendError("postgres: " + std::string(what).substr(0, 60) + ": " + trim(msg));
  }

  static std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

  PGconn* conn_;
  std::vector<std::string> hosts_;
  std::unordered_map<std::string, HostId> host_ids_;  // one lookup per new host, not a scan
  bool in_batch_ = false;
};

// Runs argv (PATH lookup), stdout and stderr appended to `log`; exit status.
int run_program(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return 127;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 127;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string tail_of(const std::string& path, std::size_t max_chars = 600) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max_chars ? "..." + s.substr(s.size() - max_chars) : s;
}

}  // namespace

bool postgres_spool_backend_available() { return true; }

std::unique_ptr<SpoolBackend> make_postgres_spool_backend(const std::string& conninfo) {
  return std::make_unique<PostgresSpoolBackend>(conninfo);
}

std::string PostgresCluster::find_bindir() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("SPOOLSIM_PG_BINDIR"); env && *env)
    return fs::exists(fs::path(env) / "initdb") ? std::string(env) : std::string();
  glob_t g{};
  std::string best;
  int best_version = -1;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      const fs::path bin = fs::path(g.gl_pathv[i]).parent_path();
      const int version = std::atoi(bin.parent_path().filename().c_str());
      if (version > best_version) {
        best_version = version;
        best = bin.string();
      }
    }
  }
  globfree(&g);
  if (!best.empty()) return best;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':'))
      if (!dir.empty() && access((fs::path(dir) / "initdb").c_str(), X_OK) == 0) return dir;
  }
  return {};
}

PostgresCluster::PostgresCluster() {
  bindir_ = find_bindir();
  if (bindir_.empty()) throw SpoolBackendError("postgres: initdb not found (install the postgresql package)");
  std::string tmpl = "/tmp/spoolsim-pg-XXXXXX";  // short: Unix socket paths are limited to 107 bytes
  if (!mkdtemp(tmpl.data())) throw SpoolBackendError("postgres: cannot create a temporary directory in /tmp");
  dir_ = tmpl;
  const std::string log = dir_ + "/setup.log";
  std::vector<std::string> as_user;
  if (geteuid() == 0) {
    // initdb refuses to run as root: run the server as the postgres account.
    const passwd* pw = getpwnam("postgres");
    if (!pw || chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      std::filesystem::remove_all(dir_);
      throw SpoolBackendError("postgres: running as root needs a 'postgres' user to own the cluster");
    }
    as_user = {"runuser", "-u", "postgres", "--"};
  }
  auto command = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = as_user;
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, log);
  };
  const std::string data = dir_ + "/data";
  if (command({bindir_ + "/initdb", "-D", data, "-U", "spoolsim", "-A", "trust", "-E", "UTF8", "--locale=C",
               "--no-sync", "--no-instructions"}) != 0) {
    const std::string why = tail_of(log);
    std::filesystem::remove_all(dir_);
    throw SpoolBackendError("postgres: initdb failed in " + data + ": " + why);
  }
  // Unix socket only; synchronous_commit=off is the counterpart of SQLite's
  // WAL + synchronous=NORMAL (no flush per commit, no corruption on crash).
  const std::string options = "-k " + dir_ + " -c listen_addresses= -c synchronous_commit=off";
  if (command({bindir_ + "/pg_ctl", "-D", data, "-l", dir_ + "/server.log", "-w", "-t", "60", "-o", options,
               "start"}) != 0) {
    const std::string why = tail_of(log) + tail_of(dir_ + "/server.log");
    command({bindir_ + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"});
    std::filesystem::remove_all(dir_);
    throw SpoolBackendError("postgres: pg_ctl start failed: " + why);
  }
  started_ = true;
  conninfo_ = "host=" + dir_ + " dbname=postgres user=spoolsim";
}

PostgresCluster::~PostgresCluster() {
  if (started_) {
    std::vector<std::string> argv;
    if (geteuid() == 0) argv = {"runuser", "-u", "postgres", "--"};
    for (const auto& a : {bindir_ + "/pg_ctl", std::string("-D"), dir_ + "/data", std::string("-m"),
                          std::string("immediate"), std::string("-w"), std::string("stop")})
      argv.push_back(a);
    run_program(argv, dir_ + "/setup.log");
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace spoolsim::models

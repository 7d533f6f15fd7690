// What every spool backend shares: row encoding (username, created_at, xml)
// and the backend specification parser.
#include "replay/spool_backend.hpp"

#include <charconv>
#include <cstdio>

namespace spoolsim::models {

std::string spool_username(UserId user) { return "u" + std::to_string(user); }

bool parse_spool_username(std::string_view text, UserId& user) {
  if (text.size() < 2 || text[0] != 'u') return false;
  const char* first = text.data() + 1;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, user);
  return ec == std::errc() && ptr == last;
}

std::string spool_row_xml(std::string_view host, UserId user, std::uint64_t bytes) {
  // Looks like what mod_offline_sql stores (stanza with from/to and a delay
  // element); only the length matters for storage.
  std::string head = "<message xmlns='jabber:client' type='chat' to='" + spool_username(user) + "@" +
                     std::string(host) + "'><delay xmlns='urn:xmpp:delay' from='" + std::string(host) +
                     "'>Offline Storage</delay><body>";
  static constexpr std::string_view kTail = "</body></message>";
  std::string xml;
  if (bytes < head.size() + kTail.size()) {
    xml = (head + std::string(kTail)).substr(0, static_cast<std::size_t>(bytes));
  } else {
    xml.reserve(static_cast<std::size_t>(bytes));
    xml = head;
    xml.append(static_cast<std::size_t>(bytes) - head.size() - kTail.size(), 'x');
    xml += kTail;
  }
  return xml;
}

namespace {
// Days from 1970-01-01 to y-m-d, and back (H. Hinnant's civil algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}
constexpr std::int64_t kEpochDay = 20089;  // 2025-01-01 in days since 1970-01-01

bool parse_uint(std::string_view s, std::size_t pos, std::size_t len, unsigned& out) {
  if (pos + len > s.size()) return false;
  auto [ptr, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return ec == std::errc() && ptr == s.data() + pos + len;
}
}  // namespace

std::string spool_timestamp(sim::Time t) {
  const std::int64_t us_per_day = sim::kDay;
  std::int64_t day = t / us_per_day;
  std::int64_t rest = t % us_per_day;
  if (rest < 0) {
    rest += us_per_day;
    --day;
  }
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(kEpochDay + day, y, m, d);
  const auto secs = rest / sim::kSecond;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld.%06lld", static_cast<long long>(y), m, d,
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60), static_cast<long long>(rest % sim::kSecond));
  return buf;
}

bool parse_spool_timestamp(std::string_view s, sim::Time& t) {
  unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' ||
      s[16] != ':')
    return false;
  if (!parse_uint(s, 0, 4, y) || !parse_uint(s, 5, 2, mo) || !parse_uint(s, 8, 2, d) || !parse_uint(s, 11, 2, h) ||
      !parse_uint(s, 14, 2, mi) || !parse_uint(s, 17, 2, se))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return false;
  std::int64_t micros = 0;
  if (s.size() > 19) {
    if (s[19] != '.' || s.size() == 20 || s.size() > 26) return false;
    unsigned frac = 0;
    const std::size_t digits = s.size() - 20;
    if (!parse_uint(s, 20, digits, frac)) return false;
    micros = frac;
    for (std::size_t i = digits; i < 6; ++i) micros *= 10;
  }
  const std::int64_t day = days_from_civil(y, mo, d) - kEpochDay;
  t = day * sim::kDay + static_cast<std::int64_t>(h) * sim::kHour + static_cast<std::int64_t>(mi) * sim::kMinute +
      static_cast<std::int64_t>(se) * sim::kSecond + micros;
  return true;
}

namespace {
// Keeps a throwaway cluster alive as long as the backend using it.
class ClusterBackend final : public SpoolBackend {
 public:
  ClusterBackend() : cluster_(std::make_unique<PostgresCluster>()) {
    inner_ = make_postgres_spool_backend(cluster_->conninfo());
  }
  ~ClusterBackend() override { inner_.reset(); }  // disconnect before the cluster stops
  std::string name() const override { return "postgres"; }
  HostId add_host(std::string_view host) override { return inner_->add_host(host); }
  void insert(HostId h, UserId u, sim::Time t, std::uint64_t b) override { inner_->insert(h, u, t, b); }
  SpoolRemoved pop_all(HostId h, UserId u) override { return inner_->pop_all(h, u); }
  SpoolRemoved delete_all(HostId h, UserId u) override { return inner_->delete_all(h, u); }
  std::uint64_t count(HostId h, UserId u) override { return inner_->count(h, u); }
  SpoolRemoved delete_expired(sim::Time cutoff) override { return inner_->delete_expired(cutoff); }
  void begin_batch() override { inner_->begin_batch(); }
  void end_batch() override { inner_->end_batch(); }
  std::vector<SpoolRow> rows() override { return inner_->rows(); }
  std::uint64_t row_count() override { return inner_->row_count(); }
  std::uint64_t size_bytes() override { return inner_->size_bytes(); }

 private:
  std::unique_ptr<PostgresCluster> cluster_;
  std::unique_ptr<SpoolBackend> inner_;
};
}  // namespace

std::unique_ptr<SpoolBackend> open_spool_backend(const std::string& spec) {
  if (spec == "memory") return make_memory_spool_backend();
  if (spec == "sqlite") return make_sqlite_spool_backend(":memory:");
  if (spec.rfind("sqlite:", 0) == 0) {
    const std::string path = spec.substr(7);
    if (path.empty()) throw SpoolBackendError("backend 'sqlite:' needs a path (sqlite:PATH)");
    return make_sqlite_spool_backend(path);
  }
  if (spec == "postgres" || spec.rfind("postgres:", 0) == 0) {
    if (!postgres_spool_backend_available())
      throw SpoolBackendError("backend 'postgres' is not available: this build has no libpq (install libpq-dev)");
    if (spec == "postgres") {
      if (PostgresCluster::find_bindir().empty())
        throw SpoolBackendError(
            "backend 'postgres' needs a PostgreSQL server: initdb not found (install the postgresql package, "
            "or give postgres:CONNINFO)");
      return std::make_unique<ClusterBackend>();
    }
    const std::string conninfo = spec.substr(9);
    if (conninfo.empty()) throw SpoolBackendError("backend 'postgres:' needs a libpq conninfo (postgres:CONNINFO)");
    return make_postgres_spool_backend(conninfo);
  }
  throw SpoolBackendError("unknown spool backend '" + spec +
                          "' (expected memory, sqlite, sqlite:PATH, postgres or postgres:CONNINFO)");
}

#ifndef SPOOLSIM_HAVE_SQLITE
std::unique_ptr<SpoolBackend> make_sqlite_spool_backend(const std::string&) {
  throw SpoolBackendError("SQLite backend not built: libsqlite3-dev was not found at configure time");
}
#endif

#ifndef SPOOLSIM_HAVE_POSTGRES
bool postgres_spool_backend_available() { return false; }
std::unique_ptr<SpoolBackend> make_postgres_spool_backend(const std::string&) {
  throw SpoolBackendError("PostgreSQL backend not built: libpq was not found at configure time");
}
std::string PostgresCluster::find_bindir() { return {}; }
PostgresCluster::PostgresCluster() {
  throw SpoolBackendError("PostgreSQL backend not built: libpq was not found at configure time");
}
PostgresCluster::~PostgresCluster() = default;
#endif

}  // namespace spoolsim::models

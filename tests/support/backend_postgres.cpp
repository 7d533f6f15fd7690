#include "support/backend_postgres.hpp"

#include <memory>

#include "replay/spool_backend.hpp"

namespace spoolsim::testing {

std::string backend_postgres_conninfo(std::string& why_not) {
  static std::unique_ptr<models::PostgresCluster> cluster;
  static std::string failure;
  if (cluster) return cluster->conninfo();
  if (!failure.empty()) {
    why_not = failure;
    return {};
  }
  if (!models::postgres_spool_backend_available()) {
    failure = "PostgreSQL backend not built (libpq-dev absent at configure time)";
  } else if (models::PostgresCluster::find_bindir().empty()) {
    failure = "PostgreSQL server binaries (initdb) not installed";
  } else {
    try {
      cluster = std::make_unique<models::PostgresCluster>();
      return cluster->conninfo();
    } catch (const models::SpoolBackendError& e) {
      failure = std::string("PostgreSQL cluster did not start: ") + e.what();
    }
  }
  why_not = failure;
  return {};
}

}  // namespace spoolsim::testing

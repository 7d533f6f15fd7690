// One throwaway PostgreSQL cluster per test program, started on first use
// (initdb + pg_ctl, ~2-3 s) and removed at exit.
#pragma once
#include <string>

namespace spoolsim::testing {

// The cluster's libpq conninfo, or empty with `why_not` set when PostgreSQL
// (libpq at build time, initdb at run time) is absent or fails to start.
std::string backend_postgres_conninfo(std::string& why_not);

}  // namespace spoolsim::testing

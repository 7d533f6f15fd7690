// spoolsim's version and the git revision it was built from. Defined in a
// file generated at every build (cmake/write-build-info.cmake), so a commit
// recompiles that one file and the revision a binary reports is never stale.
#pragma once

namespace spoolsim::cli {
extern const char* const kVersion;
extern const char* const kGitRevision;
}  // namespace spoolsim::cli

// Checks that span several fields: the phases of R1.5 and the contact file
// (R2.4). Whether a run fits this machine is not the file's validity: the
// commands that run it check that (scenarios/resource_estimate.hpp).
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/world/contact_graph.hpp"
#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {

void validate_whole(const pb::Scenario& r, const models::Scenario& s, const Origin& origin) {
  // R1.5: messages are sent in [0, horizon - drain), counted from warmup.
  if (s.drain >= s.horizon) {
    fail(origin, "drain", "drain (" + r.drain() + ") must be shorter than horizon (" + r.horizon() +
                              "); allowed: 0 <= drain < horizon");
  }
  if (s.warmup >= s.horizon - s.drain) {
    fail(origin, "warmup", "warmup (" + r.warmup() + ") >= horizon - drain (" + r.horizon() + " - " + r.drain() +
                               "): no message would be counted; allowed: warmup < horizon - drain");
  }

  if (s.contacts.generator == models::ContactGenerator::File) {
    std::error_code ec;
    if (std::filesystem::exists(s.contacts.file, ec) && !std::filesystem::is_regular_file(s.contacts.file, ec)) {
      fail(origin, "contacts.file", "\"" + s.contacts.file + "\" is not a regular file; allowed: an edge list or GraphML file");
    }
    std::ifstream probe(s.contacts.file);
    if (!probe) {
      fail(origin, "contacts.file", "cannot read contact file \"" + s.contacts.file + "\": " + std::strerror(errno) +
                                        "; allowed: a readable edge list or GraphML file (relative to the scenario file)");
    }
    try {
      (void)models::load_contact_file(s.contacts.file, s.population.users);
    } catch (const std::exception& e) {
      fail(origin, "contacts.file", std::string("bad contact file: ") + e.what());
    }
  }
}

}  // namespace spoolsim::scenarios::detail

// Bounded reads of the configuration files an importer reads (issue 16).
#include "import/import.hpp"
#include "import/import_internal.hpp"
#include "models/inputs/input_file.hpp"

namespace spoolsim::import::detail {

std::string read_config_file(const std::string& file, const char* what) {
  try {
    return models::read_input_file(file, {what, kMaxConfigFileBytes, false});
  } catch (const models::InputFileError& e) {
    throw ImportError(e.what());
  }
}

}  // namespace spoolsim::import::detail

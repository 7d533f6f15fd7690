// spoolsim-dashboard: the live dashboard (issue 8). Parses the arguments and
// hands over to run_dashboard; prints errors and sets the exit status.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "viz/dashboard_app.hpp"
#include "viz/dashboard_options.hpp"

int main(int argc, char** argv) {
  using namespace spoolsim::viz;
  DashboardOptions options;
  try {
    options = parse_dashboard_args(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::cerr << "spoolsim-dashboard: " << e.what() << "\n\n" << dashboard_usage();
    return kExitBadInput;
  }
  if (options.help) {
    std::cout << dashboard_usage();
    return 0;
  }
  try {
    std::string message;
    const int status = run_dashboard(options, message);
    if (status != 0) {
      std::cerr << "spoolsim-dashboard: " << message << "\n";
    }
    return status;
  } catch (const std::exception& e) {
    std::cerr << "spoolsim-dashboard: internal error: " << e.what() << "\n";
    return kExitRunFailed;
  }
}

#include "viz/dashboard_options.hpp"

#include <charconv>
#include <limits>
#include <string_view>

namespace spoolsim::viz {
namespace {

template <typename Int>
Int parse_int(std::string_view option, std::string_view text, Int low, Int high) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    throw UsageError(std::string(option) + ": \"" + std::string(text) + "\" is not a whole number in [" +
                     std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  return value;
}

}  // namespace

std::string dashboard_usage() {
  return "usage: spoolsim-dashboard [SCENARIO] [options]\n"
         "       spoolsim dashboard [SCENARIO] [options]\n"
         "\n"
         "Runs SCENARIO (a .textproto or .json file; default: the built-in scenario)\n"
         "and shows every strategy live, side by side. Needs a display.\n"
         "\n"
         "options:\n"
         "  --set PATH=VALUE    override a scenario field, as for `spoolsim run` (repeatable)\n"
         "  --seed N            same as --set seed=N\n"
         "  --replications N    same as --set replications=N\n"
         "  --strategies A,B    same as --set strategies=A,B (which strategies to compare)\n"
         "  --delay MS          wait MS milliseconds after each sample (default 0: full speed)\n"
         "  --paused            start with the run paused\n"
         "  --frames N          render N frames, then exit (default: until the window closes)\n"
         "  --screenshot FILE   write a PNG of the window after N frames or when the run\n"
         "                      has ended, then exit\n"
         "  --size WxH          window size in pixels (default 1280x800)\n"
         "  --force             run even when the estimated memory exceeds what this\n"
         "                      machine has available (docs/sizing.md)\n"
         "  -h, --help          this text\n";
}

DashboardOptions parse_dashboard_args(const std::vector<std::string>& args) {
  DashboardOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view option) -> std::string {
      const std::string prefix = std::string(option) + "=";
      if (a.rfind(prefix, 0) == 0) {
        return a.substr(prefix.size());
      }
      if (i + 1 >= args.size()) {
        throw UsageError(std::string(option) + " needs a value");
      }
      return args[++i];
    };
    auto is = [&](std::string_view option) {
      return a == option || a.rfind(std::string(option) + "=", 0) == 0;
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (is("--set")) {
      std::string s = value("--set");
      if (s.find('=') == std::string::npos || s.front() == '=') {
        throw UsageError("--set: \"" + s + "\" is not PATH=VALUE (e.g. --set population.users=500)");
      }
      o.sets.push_back(std::move(s));
    } else if (is("--seed")) {
      const std::string s = value("--seed");
      parse_int<std::uint64_t>("--seed", s, 0, std::numeric_limits<std::uint64_t>::max());
      o.sets.push_back("seed=" + s);
    } else if (is("--replications")) {
      const std::string s = value("--replications");
      parse_int<std::uint32_t>("--replications", s, 1, 1'000'000);
      o.sets.push_back("replications=" + s);
    } else if (is("--strategies")) {
      const std::string s = value("--strategies");
      if (s.empty()) {
        throw UsageError("--strategies needs a comma-separated list, e.g. deliver,purge_all");
      }
      o.sets.push_back("strategies=" + s);  // the loader checks the names
    } else if (is("--delay")) {
      o.delay_ms = parse_int<int>("--delay", value("--delay"), 0, 10'000);
    } else if (a == "--force") {
      o.force = true;
    } else if (a == "--paused") {
      o.start_paused = true;
    } else if (is("--frames")) {
      o.frames = parse_int<std::uint64_t>("--frames", value("--frames"), 1, 100'000'000);
    } else if (is("--screenshot")) {
      o.screenshot = value("--screenshot");
      if (o.screenshot.empty()) {
        throw UsageError("--screenshot needs a file name");
      }
    } else if (is("--size")) {
      const std::string s = value("--size");
      const auto x = s.find('x');
      if (x == std::string::npos) {
        throw UsageError("--size: \"" + s + "\" is not WIDTHxHEIGHT (e.g. 1280x800)");
      }
      o.width = parse_int<int>("--size width", std::string_view(s).substr(0, x), 640, 8192);
      o.height = parse_int<int>("--size height", std::string_view(s).substr(x + 1), 480, 8192);
    } else if (!a.empty() && a.front() == '-') {
      throw UsageError("unknown option \"" + a + "\" (see --help)");
    } else if (o.scenario_path.empty()) {
      o.scenario_path = a;
    } else {
      throw UsageError("one scenario file only: got \"" + o.scenario_path + "\" and \"" + a + "\"");
    }
  }
  return o;
}

}  // namespace spoolsim::viz

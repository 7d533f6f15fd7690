// `spoolsim calibrate --log FILE [--log-format ejabberd|prosody|csv]
// [--db FILE.sqlite|postgres:CONNINFO] [--server ejabberd|prosody] [--out FILE]`: a scenario
// with population, clients and traffic fitted from the server's records
// (calibrate/calibrate.hpp, docs/calibrate.md). Bad or too little input:
// the reason on stderr, exit status 2, nothing written.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "calibrate/calibrate.hpp"
#include "cli/command.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim::cli {
namespace {

struct CalibrateArgs {
  std::string log, log_format, db, server, out;
  std::size_t min_sample = 30;
};

void run_calibrate(const CalibrateArgs& a) {
  std::string text;
  try {
    calibrate::Options o;
    o.log_path = a.log;
    if (!a.log_format.empty()) o.log_format = calibrate::parse_log_format(a.log_format);
    o.db_path = a.db;
    if (!a.server.empty()) o.server = calibrate::parse_server_kind(a.server);
    o.min_sample = a.min_sample;
    const calibrate::Calibration c = calibrate::calibrate(o);
    text = calibrate::to_textproto(c);
    for (const std::string& n : c.notes) std::cerr << "note: " << n << "\n";
  } catch (const calibrate::CalibrateError& e) {
    std::cerr << "spoolsim calibrate: " << e.what() << "\n";
    throw Exit{kExitBadInput};
  }
  // What it writes must load: a fitting bug should not reach the operator's file.
  scenarios::load_scenario_text(text, a.out.empty() ? "<calibrate>" : a.out);
  if (a.out.empty()) {
    std::cout << text;
    return;
  }
  const std::string tmp = a.out + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      std::cerr << "spoolsim calibrate: " << a.out << ": cannot write\n";
      throw Exit{kExitBadInput};
    }
  }
  std::filesystem::rename(tmp, a.out);
}

void setup_calibrate(CLI::App& app) {
  auto args = std::make_shared<CalibrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Fit population, clients and traffic from a server's session log and archive database");
  cmd->add_option("--log", args->log, "The server's log (ejabberd.log, prosody.log) or a sessions CSV")->required();
  cmd->add_option("--log-format", args->log_format, "ejabberd | prosody | csv (default: guessed from the file)");
  cmd->add_option("--db", args->db,
                  "The server's database: an SQLite file, or postgres:CONNINFO / postgresql://URI (ejabberd's archive "
                  "and rosterusers, or Prosody's prosodyarchive)");
  cmd->add_option("--server", args->server, "The database's schema: ejabberd | prosody (default: from the log format)");
  cmd->add_option("--min-sample", args->min_sample, "Fewest values a fit may use (default 30)")
      ->check(CLI::Range(static_cast<std::size_t>(3), static_cast<std::size_t>(1) << 40));
  cmd->add_option("--out", args->out, "Write the scenario here (atomically) instead of stdout");
  cmd->callback([args] { run_calibrate(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(46, setup_calibrate)

}  // namespace spoolsim::cli

// `spoolsim calibrate` (issue 14 item 3): the population, client and traffic
// sections of a scenario fitted from a server's session log and its archive
// database, each value annotated with its sample size, fit and distance.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "calibrate/archive_db.hpp"
#include "calibrate/fit.hpp"
#include "calibrate/sessions.hpp"

namespace spoolsim::calibrate {

struct Options {
  std::string log_path;
  std::optional<LogFormat> log_format;  // unset: guessed from the file
  std::string db_path;                  // optional
  std::optional<ServerKind> server;     // the database's schema; unset: from the log format
  std::size_t min_sample = 30;          // fewer values: refuse the fit (CalibrateError)
};

struct ClientFit {
  std::string name;    // client preset name, or "unknown"
  bool preset = false; // the name is a client preset
  std::size_t devices = 0;
  std::size_t sessions = 0;  // periods whose end was seen (the abrupt share's sample)
  Choice online, offline;  // seconds
  std::size_t offline_gaps = 0;
  double abrupt_share = 0, abrupt_se = 0;
  // Presence profile (the world's client diurnal, R3): per UTC hour the rate
  // of coming back online, returns over offline device-hours, over its mean.
  // Empty: flat, or under a day of log, or too few returns.
  std::vector<double> diurnal;
  std::vector<std::size_t> diurnal_returns;  // per hour (the factors' sample sizes)
  double diurnal_chi2 = 0;
};

struct Estimate {
  double value = 0, se = 0;
  std::size_t n = 0;
};

struct Calibration {
  std::string log_path, db_path;
  std::size_t users = 0;
  double log_days = 0;
  std::vector<double> devices_per_user;  // weight of 1, 2, ... devices
  bool resources_known = true;
  std::vector<ClientFit> clients;
  std::optional<Estimate> sent_per_user_per_day;
  std::optional<Estimate> stranger_share;
  std::optional<Choice> size;  // bytes
  std::vector<double> traffic_diurnal;  // empty: flat (or too little to tell)
  double diurnal_chi2 = 0;
  std::size_t messages = 0;
  std::vector<std::string> notes;  // what could not be fitted, and why
};

// Reads and fits; throws CalibrateError (exit 2) on bad input or too little data.
Calibration calibrate(const Options& options);
// The scenario text: every fitted line ends with "# calibration: ...".
std::string to_textproto(const Calibration& c);

}  // namespace spoolsim::calibrate

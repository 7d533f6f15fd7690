// Periods cut by the record's window are censored values of the fits
// (calibrate/fit.hpp): on data with known parameters, dropping the cut
// periods biases the online and offline means low (long ones are cut more
// often), and the censored fits remove that bias. The same generated logs,
// over days and with a known presence profile, check the per-client diurnal
// fit. Fixed seeds; tolerances from each fit's own standard errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "calibrate/calibrate.hpp"

namespace spoolsim::calibrate {
namespace {

namespace fs = std::filesystem;

// ejabberd's logger line at t seconds after 2026-01-05 00:00 UTC.
std::string stamp(double t) {
  const auto whole = static_cast<long long>(std::floor(t));
  const long long day = whole / 86400, in_day = whole % 86400;
  char out[64];
  std::snprintf(out, sizeof out, "2026-01-%02lld %02lld:%02lld:%09.6f+00:00", 5 + day, in_day / 3600,
                (in_day / 60) % 60, std::fmod(t, 60.0));
  return out;
}

struct Line {
  double t;
  std::string text;
};

// A stationary on/off process per device (lognormal online, exponential
// offline), run long before the window [0, window_s] opens and past its
// end; the log holds what the window saw, as ejabberd 24.12 writes it.
// With `profile` (24 factors), an offline duration is spent in diurnal time,
// as the world does (R3): the device returns where the profile's integral
// from the disconnect reaches the drawn duration.
double return_time(double t, double d, const std::vector<double>& profile) {
  if (profile.empty()) return t + d;
  while (true) {
    const double hour_end = (std::floor(t / 3600.0) + 1) * 3600.0;
    const auto h = static_cast<std::size_t>(((static_cast<long long>(std::floor(t / 3600.0)) % 24) + 24) % 24);
    const double capacity = profile[h] * (hour_end - t);
    if (capacity >= d) return t + d / profile[h];
    d -= capacity;
    t = hour_end;
  }
}

std::string ejabberd_log(int devices, double window_s, double median_on_s, double sigma_on, double mean_off_s,
                         unsigned seed, const std::vector<double>& profile = {}) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> on(std::log(median_on_s), sigma_on);
  std::exponential_distribution<double> off(1.0 / mean_off_s);
  std::vector<Line> lines{{0.0, "[info] <0.117.0>@ejabberd_logger:reopen_log/0:1 Reopened log"},
                          {window_s, "[info] <0.117.0>@ejabberd_logger:reopen_log/0:1 Reopened log"}};
  for (int d = 0; d < devices; ++d) {
    const std::string jid = "user" + std::to_string(d) + "@localhost/Conversations.d" + std::to_string(d);
    double t = -50.0 * (median_on_s + mean_off_s);  // burn-in: the window opens on a stationary process
    while (t < window_s) {
      t = return_time(t, off(rng), profile);
      const double start = t, end = t + on(rng);
      t = end;
      if (start > 0 && start < window_s) {
        lines.push_back({start, "[info] <0.5.0>@ejabberd_c2s:bind/2:500 (tcp|<0.5.0>) Opened c2s session for " + jid});
      }
      if (end > 0 && end < window_s) {
        lines.push_back({end, "[info] <0.5.0>@ejabberd_c2s:process_terminated/2:319 (tcp|<0.5.0>) Closing c2s "
                              "session for " + jid + ": Stream reset by peer"});
      }
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.t < b.t; });
  std::string out;
  for (const Line& l : lines) out += stamp(l.t) + " " + l.text + "\n";
  return out;
}

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& text, const std::string& name = "log")
      : path(fs::temp_directory_path() / ("spoolsim-censoring-" + std::to_string(::getpid()) + "-" + name + ".log")) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path); }
};

Calibration calibrate_log(const TempFile& log) {
  Options o;
  o.log_path = log.path.string();
  o.log_format = LogFormat::Ejabberd;
  return calibrate(o);
}

TEST(CalibrateCensoring, CutPeriodsNoLongerBiasTheMeans) {
  // 400 devices, a 12 h window, online lognormal (median 1 h, sigma 1),
  // offline exponential (mean 3 h): about two and a half periods a device,
  // and most long ones cut.
  const double median_on = 3600, sigma_on = 1.0, mean_off = 3 * 3600;
  TempFile log(ejabberd_log(400, 12 * 3600, median_on, sigma_on, mean_off, 20261202));
  const Calibration c = calibrate_log(log);
  ASSERT_EQ(c.clients.size(), 1u);
  const ClientFit& f = c.clients[0];
  const Fit& on = f.online.all[1];  // lognormal, with the cut periods censored
  const Fit& off = f.offline.all[0];  // exponential, likewise
  EXPECT_GT(on.censored, 150u) << "the window should cut many periods";
  EXPECT_GT(off.censored, 150u);
  EXPECT_NEAR(on.a, std::log(median_on), 3 * on.se_a) << "censored lognormal mu";
  EXPECT_NEAR(on.b, sigma_on, 3 * on.se_b) << "censored lognormal sigma";
  EXPECT_NEAR(off.a, mean_off, 3 * off.se_a) << "censored exponential mean";

  // What dropping them gave: the complete values alone, biased low by more
  // than four of their own standard errors.
  const SessionLog read = read_session_log(log.path.string(), LogFormat::Ejabberd);
  std::vector<double> complete_on;
  std::map<std::string, std::vector<const Session*>> by_device;
  for (const Session& s : read.sessions) {
    if (!s.start_cut && !s.end_cut) complete_on.push_back(s.end_s - s.start_s);
    by_device[s.device].push_back(&s);
  }
  std::vector<double> complete_off;
  for (const auto& [d, list] : by_device) {
    for (std::size_t i = 1; i < list.size(); ++i) {
      if (!list[i - 1]->end_cut) complete_off.push_back(list[i]->start_s - list[i - 1]->end_s);
    }
  }
  const Fit old_on = fit_lognormal(complete_on), old_off = fit_exponential(complete_off);
  EXPECT_LT(old_on.a, std::log(median_on) - 4 * old_on.se_a)
      << "the complete periods alone should be biased low (else this test shows nothing)";
  EXPECT_LT(old_off.a, mean_off - 4 * old_off.se_a) << "the complete gaps alone should be biased low";
}

TEST(CalibrateCensoring, WeibullWithRightCensoringRecoversTheShape) {
  // Weibull(scale 100, shape 0.7), every value cut at a fixed 150 (about a
  // third of them): the complete values alone put the scale far too low.
  std::mt19937_64 rng(7);
  std::weibull_distribution<double> w(0.7, 100.0);
  Sample s;
  for (int i = 0; i < 3000; ++i) {
    const double x = w(rng);
    (x < 150 ? s.complete : s.end_cut).push_back(x < 150 ? x : 150.0);
  }
  const Fit f = fit_weibull(s);
  EXPECT_EQ(f.censored, s.end_cut.size());
  EXPECT_NEAR(f.b, 0.7, 3 * f.se_b);
  EXPECT_NEAR(f.a, 100.0, 3 * f.se_a);
  const Fit old = fit_weibull(s.complete);
  EXPECT_LT(old.a, 100.0 - 4 * old.se_a);
  // The exponential fit's closed form with right-censoring: total time over events.
  const Fit e = fit_exponential(s);
  double total = 0;
  for (double x : s.complete) total += x;
  for (double x : s.end_cut) total += x;
  EXPECT_NEAR(e.a, total / static_cast<double>(s.complete.size()), 1e-9 * e.a);
}

TEST(CalibrateCensoring, StartCutExponentialCountsAsEvents) {
  // A period under way when the window opens ends an exponential time later
  // (no memory): S(x)/mean is the density, so it counts like a complete one.
  Sample s{{1, 2, 3}, {}, {4, 5}};
  const Fit f = fit_exponential(s);
  EXPECT_DOUBLE_EQ(f.a, 15.0 / 5.0);
  EXPECT_EQ(f.censored, 2u);
}

TEST(CalibratePresence, ClientDiurnalProfileIsRecovered) {
  // 8 days, 150 devices; returns online at a quarter of the mean rate from
  // 00:00 to 07:00 UTC and correspondingly more by day.
  std::vector<double> profile(24, (24.0 - 7 * 0.25) / 17.0);
  for (std::size_t h = 0; h < 7; ++h) profile[h] = 0.25;
  TempFile log(ejabberd_log(150, 8 * 86400, 3600, 0.5, 2 * 3600, 99, profile));
  const Calibration c = calibrate_log(log);
  ASSERT_EQ(c.clients.size(), 1u);
  const ClientFit& f = c.clients[0];
  ASSERT_EQ(f.diurnal.size(), 24u) << "chi2 " << f.diurnal_chi2;
  for (std::size_t h = 0; h < 24; ++h) {
    // A rate's relative standard error is 1/sqrt(returns).
    const double se = f.diurnal[h] / std::sqrt(static_cast<double>(std::max<std::size_t>(f.diurnal_returns[h], 1)));
    EXPECT_NEAR(f.diurnal[h], profile[h], 4 * se) << "hour " << h;
  }
  EXPECT_NE(to_textproto(c).find("  diurnal: ["), std::string::npos);

  // The same without a profile: flat, so none is written.
  TempFile flat(ejabberd_log(150, 8 * 86400, 3600, 0.5, 2 * 3600, 99), "flat");
  const Calibration d = calibrate_log(flat);
  ASSERT_EQ(d.clients.size(), 1u);
  EXPECT_TRUE(d.clients[0].diurnal.empty()) << "flat presence read as diurnal, chi2 " << d.clients[0].diurnal_chi2;
  EXPECT_GT(d.clients[0].diurnal_chi2, 0.0) << "the test was not run on the flat log";
}

}  // namespace
}  // namespace spoolsim::calibrate

// A progress bar on stderr for `spoolsim run`, fed by the model's RunObserver.
// Only used when stderr is a terminal: pipes and CI logs stay clean.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "models/simulation.hpp"

namespace spoolsim::cli {

bool stderr_is_terminal();

class ProgressBar final : public models::RunObserver {
 public:
  ProgressBar(std::uint32_t replications, std::FILE* out);
  ~ProgressBar() override;
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void on_sample(const models::LiveSample& sample) override;
  // Erases the bar (call before printing anything else to the terminal).
  void finish();

  // The line drawn for a done fraction in [0, 1] (exposed for tests).
  static std::string line(double fraction, std::uint32_t finished, std::uint32_t replications,
                          double elapsed_s);

 private:
  using Clock = std::chrono::steady_clock;
  std::mutex mutex_;
  std::FILE* out_;
  std::vector<double> done_;  // per replication, simulated time / horizon
  Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace spoolsim::cli

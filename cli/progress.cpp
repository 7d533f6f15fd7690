#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <numeric>

namespace spoolsim::cli {

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::uint32_t replications, std::FILE* out)
    : out_(out), done_(replications, 0.0), start_(Clock::now()), last_draw_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

std::string ProgressBar::line(double fraction, std::uint32_t finished, std::uint32_t replications,
                              double elapsed_s) {
  constexpr int kWidth = 30;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::string eta = "";
  if (fraction > 0.02) eta = fmt::format(", ~{:.0f} s left", elapsed_s * (1.0 - fraction) / fraction);
  return fmt::format("[{}] {:3.0f}%  {}/{} replications  {:.0f} s{}", bar, fraction * 100.0, finished,
                     replications, elapsed_s, eta);
}

void ProgressBar::on_sample(const models::LiveSample& sample) {
  std::lock_guard lock(mutex_);
  if (sample.replication < done_.size() && sample.horizon > 0)
    done_[sample.replication] = static_cast<double>(sample.now) / static_cast<double>(sample.horizon);
  const Clock::time_point now = Clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  const double total = std::accumulate(done_.begin(), done_.end(), 0.0);
  const auto finished = static_cast<std::uint32_t>(
      std::count_if(done_.begin(), done_.end(), [](double d) { return d >= 1.0; }));
  const double fraction = done_.empty() ? 1.0 : total / static_cast<double>(done_.size());
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::string text = line(fraction, finished, static_cast<std::uint32_t>(done_.size()), elapsed);
  std::fprintf(out_, "\r%s\033[K", text.c_str());
  std::fflush(out_);
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  if (!drawn_) return;
  std::fputs("\r\033[K", out_);
  std::fflush(out_);
  drawn_ = false;
}

}  // namespace spoolsim::cli

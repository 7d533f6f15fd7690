// The command plumbing: exit statuses (issue 5), atomic output files,
// command-line quoting, the progress line.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "cli/command.hpp"
#include "cli/progress.hpp"
#include "cli/report.hpp"
#include "scenarios/loader.hpp"

namespace spoolsim {
namespace {

// Runs `spoolsim probe` on an app whose only command throws what `fail` throws.
template <class Fail>
int status_of(Fail fail, std::vector<const char*> args = {"spoolsim", "probe"}) {
  CLI::App app{"test", "spoolsim"};
  app.require_subcommand(1);
  app.add_subcommand("probe", "throws")->callback(fail);
  return cli::run_command_line(app, static_cast<int>(args.size()), args.data());
}

TEST(CliCommand, ExitStatuses) {
  EXPECT_EQ(status_of([] {}), cli::kExitOk);
  EXPECT_EQ(status_of([] { throw cli::Exit{cli::kExitBadInput}; }), cli::kExitBadInput);
  EXPECT_EQ(status_of([] { throw scenarios::ScenarioError("x.textproto:1:2: seed: bad"); }), cli::kExitBadInput);
  EXPECT_EQ(status_of([] { throw sim::DurationError("bad duration"); }), cli::kExitBadInput);
  EXPECT_EQ(status_of([] { throw std::logic_error("internal error: R10.6 violated"); }), cli::kExitInternal);
  EXPECT_EQ(status_of([] { throw std::runtime_error("surprise"); }), cli::kExitInternal);
  EXPECT_EQ(status_of([] {}, {"spoolsim", "nonsense"}), cli::kExitBadInput);
  EXPECT_EQ(status_of([] {}, {"spoolsim"}), cli::kExitBadInput);
  EXPECT_EQ(status_of([] {}, {"spoolsim", "probe", "--help"}), cli::kExitOk);
}

TEST(CliCommand, AtomicWriteReplacesTheFileAndLeavesNoTemporary) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("spoolsim_cli_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "report.json";
  cli::write_file_atomically(file.string(), "first\n");
  cli::write_file_atomically(file.string(), "second\n");
  std::ifstream in(file);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "second\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_THROW(cli::write_file_atomically((dir / "missing" / "x.json").string(), "x"), std::runtime_error);
  fs::remove_all(dir);
}

// A rename over a FIFO or device would replace it with a plain file (as
// root, `--out /dev/null` once turned /dev/null into one). A FIFO stands in
// for the device: the test must not break the machine when it fails.
TEST(CliCommand, AnOutputThatIsAFifoIsWrittenInPlaceNotReplaced) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("spoolsim_cli_fifo_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fifo = dir / "out.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Open for reading first without blocking, so the writer's open succeeds.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(reader, 0);
  cli::write_file_atomically(fifo.string(), "{\"ok\": true}\n");
  char buf[64] = {};
  const ssize_t n = ::read(reader, buf, sizeof buf - 1);
  ::close(reader);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0), "{\"ok\": true}\n");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo))) << "the FIFO was replaced by a plain file";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);  // no temporary left
  fs::remove_all(dir);
}

TEST(CliCommand, CommandLineIsShellQuoted) {
  const char* argv[] = {"spoolsim", "run", "--set", "name=two words", "it's", ""};
  EXPECT_EQ(cli::shell_quoted(6, argv), "spoolsim run --set 'name=two words' 'it'\\''s' ''");
}

TEST(CliCommand, ProgressLine) {
  const std::string half = cli::ProgressBar::line(0.5, 2, 5, 10.0);
  EXPECT_EQ(half.substr(0, 32), "[" + std::string(15, '#') + std::string(15, '.') + "]");
  EXPECT_NE(half.find(" 50%"), std::string::npos);
  EXPECT_NE(half.find("2/5 replications"), std::string::npos);
  EXPECT_NE(half.find("~10 s left"), std::string::npos);
  EXPECT_NE(cli::ProgressBar::line(2.0, 5, 5, 1.0).find("100%"), std::string::npos);
}

}  // namespace
}  // namespace spoolsim

// A gtest fixture for end-to-end tests of the built `spoolsim`: a fresh
// folder per test (named after the suite and the test, so a failed run's files
// are easy to find), files written into it, and the binary run through the
// shell with every argument quoted.
#pragma once
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/cli_process.hpp"

namespace spoolsim::test {

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class CliFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() / ("spoolsim_" + std::string(info->test_suite_name()) + "_" +
                                                     std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // stdout goes to `out_to` ("" = a file read back into Outcome::out), stdin
  // comes from `in_from`.
  Outcome run(const std::vector<std::string>& args, const std::string& out_to = "",
              const std::string& in_from = "/dev/null") const {
    std::string cmd = shell_quote(spoolsim_binary());
    for (const std::string& a : args) cmd += " " + shell_quote(a);
    const std::filesystem::path out = dir_ / "stdout", err = dir_ / "stderr";
    cmd += " >" + shell_quote(out_to.empty() ? out.string() : out_to) + " 2>" + shell_quote(err.string()) + " <" +
           shell_quote(in_from);
    const int raw = std::system(cmd.c_str());
    Outcome o;
    o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    o.out = out_to.empty() ? slurp_file(out) : "";
    o.err = slurp_file(err);
    return o;
  }

  // Writes `text` byte for byte to `relative` inside the test's folder.
  std::filesystem::path write(const std::string& relative, const std::string& text) const {
    const std::filesystem::path p = dir_ / relative;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  std::filesystem::path dir_;
};

}  // namespace spoolsim::test

// The importers read only regular files of bounded size (issue 16): a
// directory, a FIFO with no writer, /dev/zero or an over-size file, given as
// the configuration or reached through include_config_file / Include, is
// refused before it is read, with the file named; the CLI exits 2.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "import/import.hpp"
#include "import/import_internal.hpp"
#include "support/cli_process.hpp"

namespace spoolsim::import {
namespace {

namespace fs = std::filesystem;

struct Hostile {
  std::string path;
  std::string why;  // what the message must say
};

// A directory, a FIFO, /dev/zero and a file one byte over the limit.
std::vector<Hostile> hostile_files(const test::TempDir& dir) {
  const fs::path folder = dir.path / "folder.cfg";
  fs::create_directory(folder);
  const fs::path fifo = dir.path / "fifo.cfg";
  EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path big = dir.path / "big.cfg";
  {
    std::ofstream out(big, std::ios::binary);
    out << std::string(detail::kMaxConfigFileBytes + 1, '#');
  }
  return {{folder.string(), "it is a directory"},
          {fifo.string(), "it is a FIFO"},
          {"/dev/zero", "it is a character device"},
          {big.string(), "more than the limit of 4 MiB"}};
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ImportError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_refused(const std::string& message, const Hostile& h, const char* what) {
  EXPECT_NE(message.find(h.path + ": cannot read " + what), std::string::npos) << message;
  EXPECT_NE(message.find(h.why), std::string::npos) << message;
}

TEST(ImportHostileFiles, EjabberdConfigItself) {
  const test::TempDir dir;
  for (const Hostile& h : hostile_files(dir)) {
    expect_refused(error_of([&] { (void)import_ejabberd(h.path, {"", "24.12"}); }), h, "ejabberd configuration");
  }
}

TEST(ImportHostileFiles, EjabberdIncludeConfigFile) {
  const test::TempDir dir;
  for (const Hostile& h : hostile_files(dir)) {
    const fs::path main = dir.path / "ejabberd.yml";
    std::ofstream(main) << "hosts: [\"example.org\"]\ninclude_config_file: \"" << h.path << "\"\n";
    expect_refused(error_of([&] { (void)import_ejabberd(main.string(), {"", "24.12"}); }), h,
                   "ejabberd configuration");
  }
}

// Found by fuzz_ejabberd_config: a file name the system refuses (over
// NAME_MAX) made std::filesystem::exists throw, which ended the program.
TEST(ImportHostileFiles, EjabberdIncludeOfANameTooLongIsAnImportError) {
  const test::TempDir dir;
  const fs::path main = dir.path / "ejabberd.yml";
  const std::string name(5000, 'x');
  std::ofstream(main) << "hosts: [\"example.org\"]\ninclude_config_file: \"" << name << "\"\n";
  const std::string message = error_of([&] { (void)import_ejabberd(main.string(), {"", "24.12"}); });
  EXPECT_NE(message.find(main.string() + ":2: include_config_file: cannot read"), std::string::npos) << message;
  EXPECT_NE(message.find("File name too long"), std::string::npos) << message;
}

TEST(ImportHostileFiles, ProsodyConfigItself) {
  const test::TempDir dir;
  for (const Hostile& h : hostile_files(dir)) {
    expect_refused(error_of([&] { (void)import_prosody(h.path, {"", "13"}); }), h, "Prosody configuration");
  }
}

TEST(ImportHostileFiles, ProsodyInclude) {
  const test::TempDir dir;
  for (const Hostile& h : hostile_files(dir)) {
    const fs::path main = dir.path / "prosody.cfg.lua";
    std::ofstream(main) << "VirtualHost \"example.org\"\nInclude \"" << h.path << "\"\n";
    expect_refused(error_of([&] { (void)import_prosody(main.string(), {"", "13"}); }), h, "Prosody configuration");
  }
}

TEST(ImportHostileFiles, CommandExitsTwoNamingTheFile) {
  const test::TempDir dir;
  for (const Hostile& h : hostile_files(dir)) {
    for (const char* server : {"ejabberd", "prosody"}) {
      const test::Outcome o = test::run_spoolsim(std::string("import ") + server + " --release " + (server == std::string("ejabberd") ? "24.12" : "13") + " '" + h.path + "'");
      EXPECT_EQ(o.status, 2) << server << " " << h.path << ": " << o.err;
      EXPECT_TRUE(o.out.empty()) << o.out;
      EXPECT_NE(o.err.find(h.path), std::string::npos) << o.err;
      EXPECT_NE(o.err.find(h.why), std::string::npos) << o.err;
    }
  }
}

}  // namespace
}  // namespace spoolsim::import

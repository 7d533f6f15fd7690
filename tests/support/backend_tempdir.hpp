// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
#pragma once
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace spoolsim::testing {

class BackendTempDir {
 public:
  BackendTempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "spoolsim-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
    path_ = tmpl;
  }
  ~BackendTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  BackendTempDir(const BackendTempDir&) = delete;
  BackendTempDir& operator=(const BackendTempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace spoolsim::testing

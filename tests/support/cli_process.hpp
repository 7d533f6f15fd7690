// Runs the built `spoolsim` (SPOOLSIM_BIN) through the shell with stdout and
// stderr captured, for end-to-end tests of commands (sweep, compare, merge).
#pragma once
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace spoolsim::test {

struct Outcome {
  int status = -1;  // exit status, or -1 when killed by a signal
  std::string out;
  std::string err;
};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "spoolsim-cli-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path path;
};

inline std::string spoolsim_binary() {
  const char* env = std::getenv("SPOOLSIM_BIN");
  return env && *env ? env : SPOOLSIM_BINARY_DIR "/spoolsim";
}

inline std::string slurp_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `prefix` goes before the binary (e.g. "mpirun -np 2"); `args` are passed to
// the shell as written (callers use plain words and paths).
inline Outcome run_shell(const std::string& prefix, const std::string& args) {
  const TempDir dir;
  const std::filesystem::path out = dir.path / "stdout", err = dir.path / "stderr";
  const std::string cmd = prefix + (prefix.empty() ? "" : " ") + "'" + spoolsim_binary() + "' " + args + " >'" +
                          out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int raw = std::system(cmd.c_str());
  Outcome o;
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.out = slurp_file(out);
  o.err = slurp_file(err);
  return o;
}

inline Outcome run_spoolsim(const std::string& args) { return run_shell("", args); }

}  // namespace spoolsim::test

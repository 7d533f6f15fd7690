// The house rules (README.md, Development): include arrows only point down the
// rooms, no two files include each other in a ring, and no file refers to a
// path outside the repository. Reads the source tree, so a new upward arrow
// fails here before review.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
const fs::path kRoot = SPOOLSIM_SOURCE_DIR;

// Rooms, lowest first. A file may include its own room or any lower level;
// rooms on one level (analytic and replay, say) may not include each other.
struct Room {
  std::string prefix;  // path prefix inside the repository
  int level;
};
const std::vector<Room> kRooms = {
    {"sim/", 0},
    {"models/inputs/", 1},
    {"models/outcomes/", 2},
    {"models/world/", 3},
    {"models/server/", 4},
    {"models/", 5},  // simulation.*: the one-pass driver
    {"analytic/", 6},
    {"replay/", 6},
    {"scenarios/", 7},
    {"import/", 8},
    {"calibrate/", 8},
    {"report/", 8},
    {"cli/", 9},
    {"viz/", 9},
    {"bench/", 9},
};

// The longest matching prefix: models/server/x.hpp is in models/server/, not models/.
const Room* room_of(const std::string& path) {
  const Room* best = nullptr;
  for (const Room& r : kRooms) {
    if (path.rfind(r.prefix, 0) == 0 && (!best || r.prefix.size() > best->prefix.size())) best = &r;
  }
  return best;
}

std::vector<std::string> source_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(kRoot)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), kRoot).generic_string();
    if (rel.rfind("build", 0) == 0 || rel.rfind(".git/", 0) == 0) continue;
    const std::string ext = e.path().extension().string();
    if (ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".in") out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The project's own includes of a file ("dir/file.hpp"; generated headers
// such as scenario.pb.h have no directory and belong to scenarios/).
std::vector<std::string> includes_of(const std::string& rel) {
  std::ifstream in(kRoot / rel);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto p = line.find("#include \"");
    if (p == std::string::npos || line.find_first_not_of(" \t") != p) continue;
    const auto q = line.find('"', p + 10);
    if (q == std::string::npos) continue;
    out.push_back(line.substr(p + 10, q - p - 10));
  }
  return out;
}

TEST(HouseLayout, IncludeArrowsOnlyPointDown) {
  std::vector<std::string> wrong;
  std::size_t checked = 0;
  for (const std::string& file : source_files()) {
    const Room* from = room_of(file);
    if (!from) continue;  // tests/ may include anything
    for (const std::string& inc : includes_of(file)) {
      if (inc.find('/') == std::string::npos) continue;  // generated, same room
      const Room* to = room_of(inc);
      ++checked;
      if (!to) {
        wrong.push_back(file + " includes " + inc + " (no room)");
      } else if (to->level > from->level || (to->level == from->level && to != from)) {
        wrong.push_back(file + " (" + from->prefix + ") includes " + inc + " (" + to->prefix + ")");
      }
    }
  }
  EXPECT_GT(checked, 200u) << "the scan found too few includes: is SPOOLSIM_SOURCE_DIR right?";
  std::ostringstream msg;
  for (const auto& w : wrong) msg << "  " << w << "\n";
  EXPECT_TRUE(wrong.empty()) << "upward or sideways include arrows:\n" << msg.str();
}

TEST(HouseLayout, NoIncludeRings) {
  std::map<std::string, std::vector<std::string>> graph;
  for (const std::string& file : source_files()) {
    for (const std::string& inc : includes_of(file)) {
      if (fs::exists(kRoot / inc)) graph[file].push_back(inc);
    }
  }
  // A header and its own .cpp form no ring; a ring is a path back to a header.
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  std::vector<std::string> path, rings;
  std::function<void(const std::string&)> visit = [&](const std::string& f) {
    state[f] = 1;
    path.push_back(f);
    for (const std::string& g : graph[f]) {
      if (state[g] == 1) {
        std::string ring;
        for (auto it = std::find(path.begin(), path.end(), g); it != path.end(); ++it) ring += *it + " -> ";
        rings.push_back(ring + g);
      } else if (state[g] == 0) {
        visit(g);
      }
    }
    path.pop_back();
    state[f] = 2;
  };
  for (const auto& [f, _] : graph) {
    if (state[f] == 0) visit(f);
  }
  std::ostringstream msg;
  for (const auto& r : rings) msg << "  " << r << "\n";
  EXPECT_TRUE(rings.empty()) << "include rings:\n" << msg.str();
}

// A user who clones the project must be able to read everything its files
// cite: no absolute path of a build machine, no sibling folder.
TEST(HouseLayout, NothingRefersOutsideTheRepository) {
  // Built from pieces so that this file does not itself name such a path.
  const std::string work = std::string("/") + "work/";
  const std::string shared = std::string("..") + "/shared";
  const std::string shared_docs = std::string("shared") + "/docs";
  const std::string home = std::string("/") + "home/";
  const std::string root = std::string("/") + "root/";
  const std::vector<std::string> outside = {work, shared, shared_docs, home, root};
  std::vector<std::string> wrong;
  for (const auto& e : fs::recursive_directory_iterator(kRoot)) {
    if (!e.is_regular_file()) continue;
    const std::string rel = fs::relative(e.path(), kRoot).generic_string();
    // .git is a file in a git worktree ("gitdir: <path>"), not the project's.
    if (rel.rfind("build", 0) == 0 || rel == ".git" || rel.rfind(".git/", 0) == 0 ||
        rel.find("node_modules/") != std::string::npos) {
      continue;
    }
    const std::string ext = e.path().extension().string();
    if (ext == ".png" || ext == ".db" || ext == ".bin" || ext == ".trace") continue;
    std::ifstream in(e.path());
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      for (const std::string& o : outside) {
        if (line.find(o) != std::string::npos) wrong.push_back(rel + ":" + std::to_string(n) + ": " + o);
      }
    }
  }
  std::ostringstream msg;
  for (const auto& w : wrong) msg << "  " << w << "\n";
  EXPECT_TRUE(wrong.empty()) << "references outside the repository:\n" << msg.str();
}

}  // namespace

// The project owns its contract: every rule number the code, the tests and the
// documents cite (R7.3, R10, a test named R7_3_...) is a rule of docs/model.md,
// and every repository path the documents name exists. Reads the source tree
// (or the tree named by SPOOLSIM_HOUSE_ROOT), so a rule renumbered in
// docs/model.md or a file moved without its documentation fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

fs::path root() {
  const char* other = std::getenv("SPOOLSIM_HOUSE_ROOT");
  return other && *other ? fs::path(other) : fs::path(SPOOLSIM_SOURCE_DIR);
}

// Every file of the repository, relative and with forward slashes; build
// trees and git's own files are not part of it.
std::vector<std::string> repository_files(const fs::path& top) {
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(top); it != fs::recursive_directory_iterator(); ++it) {
    const std::string rel = fs::relative(it->path(), top).generic_string();
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name.rfind("build", 0) == 0 || name == ".git" || name == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && name != ".git") out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> lines_of(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool is_document(const std::string& rel) {
  return rel == "README.md" || (rel.rfind("docs/", 0) == 0 && rel.size() > 8 && rel.ends_with(".md"));
}

// Code, tests, build files, scenario files and scripts: whatever can cite a rule.
bool is_code(const std::string& rel) {
  static const std::vector<std::string> kEndings = {".cpp", ".hpp", ".h", ".in", ".proto", ".textproto",
                                                    ".cmake", "CMakeLists.txt", "Makefile"};
  for (const std::string& e : kEndings) {
    if (rel.ends_with(e)) return true;
  }
  return rel.rfind("scripts/", 0) == 0 || rel == "bench/run-all" || rel.rfind(".ci/", 0) == 0;
}

// This file writes made-up citations in its own checks.
const std::string kSelf = "tests/house_docs_test.cpp";

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

// Rule citations in one line: "R7", "R7.3", and in test names "R7_3_..."
// (also inside a name, as in KeepR10_6). "R8G8" or "InR12Order" are not rules.
std::vector<std::string> rules_cited(const std::string& line) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] != 'R' || !digit(line[i + 1])) continue;
    std::size_t j = i + 1;
    while (j < line.size() && digit(line[j])) ++j;
    std::string rule = line.substr(i, j - i);
    const bool separate = i == 0 || !word_char(line[i - 1]);
    const bool in_test_name = i > 0 && std::islower(static_cast<unsigned char>(line[i - 1])) &&
                              j + 1 < line.size() && line[j] == '_' && digit(line[j + 1]);
    if (!separate && !in_test_name) continue;
    char sep = j < line.size() ? line[j] : ' ';
    if ((sep == '.' || sep == '_') && j + 1 < line.size() && digit(line[j + 1])) {
      std::size_t k = j + 1;
      while (k < line.size() && digit(line[k])) ++k;
      rule += "." + line.substr(j + 1, k - j - 1);
      j = k;
      sep = j < line.size() ? line[j] : ' ';
    }
    // The citation ends at a non-word character, or at the '_' that starts
    // the rest of a test name.
    if (j < line.size() && std::isalnum(static_cast<unsigned char>(sep))) continue;
    out.push_back(rule);
    i = j - 1;
  }
  return out;
}

// The rules docs/model.md defines: its headings ("## R7. Sessions") and its
// labels ("**R7.3**").
std::set<std::string> rules_defined(const fs::path& model) {
  std::set<std::string> out;
  const std::regex heading(R"(^## (R[0-9]+)\. )");
  const std::regex label(R"(\*\*(R[0-9]+\.[0-9]+)\*\*)");
  for (const std::string& line : lines_of(model)) {
    std::smatch m;
    if (std::regex_search(line, m, heading)) out.insert(m[1]);
    for (auto it = std::sregex_iterator(line.begin(), line.end(), label); it != std::sregex_iterator(); ++it) {
      out.insert((*it)[1]);
    }
  }
  return out;
}

TEST(HouseDocs, ModelDefinesTheRulesR1ToR13) {
  const std::set<std::string> defined = rules_defined(root() / "docs/model.md");
  for (int n = 1; n <= 13; ++n) EXPECT_TRUE(defined.count("R" + std::to_string(n))) << "R" << n;
  for (const char* r : {"R1.5", "R2.4", "R4.4", "R6.4", "R7.5", "R9.2", "R10.6", "R11.2", "R12.3"}) {
    EXPECT_TRUE(defined.count(r)) << r;
  }
}

TEST(HouseDocs, RuleCitationsAreRecognised) {
  using V = std::vector<std::string>;
  EXPECT_EQ(rules_cited("model R7.3, then R10 (R1.3-R4)."), (V{"R7.3", "R10", "R1.3", "R4"}));
  EXPECT_EQ(rules_cited("TEST(ServerCatchUp, R7_3_CursorMoves) and KeepR10_6"), (V{"R7.3", "R10.6"}));
  EXPECT_EQ(rules_cited("TEST(ServerStrategies, R8_PurgeAll)"), (V{"R8"}));
  EXPECT_EQ(rules_cited("GL_R8G8 EventsInR12Order R2D2 XR7.1"), V{});
}

TEST(HouseDocs, EveryCitedRuleIsInTheModel) {
  const fs::path top = root();
  const std::set<std::string> defined = rules_defined(top / "docs/model.md");
  ASSERT_FALSE(defined.empty()) << "docs/model.md defines no rule";
  std::vector<std::string> unknown;
  std::size_t citations = 0;
  for (const std::string& rel : repository_files(top)) {
    if (rel == "docs/model.md" || rel == kSelf || !(is_code(rel) || is_document(rel))) continue;
    const std::vector<std::string> lines = lines_of(top / rel);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      for (const std::string& rule : rules_cited(lines[n])) {
        ++citations;
        if (!defined.count(rule)) unknown.push_back(rel + ":" + std::to_string(n + 1) + ": " + rule);
      }
    }
  }
  EXPECT_GT(citations, 100u) << "the scan found almost no citations: is the root right?";
  std::ostringstream msg;
  for (const std::string& u : unknown) msg << "  " << u << "\n";
  EXPECT_TRUE(unknown.empty()) << "rules cited but not in docs/model.md:\n" << msg.str();
}

// "a/{b,c}.md" -> "a/b.md", "a/c.md" (one brace group, as the docs write it).
std::vector<std::string> expand_braces(const std::string& p) {
  const auto open = p.find('{');
  const auto close = p.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {p};
  std::vector<std::string> out;
  std::stringstream alternatives(p.substr(open + 1, close - open - 1));
  for (std::string a; std::getline(alternatives, a, ',');) {
    out.push_back(p.substr(0, open) + a + p.substr(close + 1));
  }
  return out;
}

// A path (with '*' for any part of a name, or a folder ending in '/') names
// at least one repository file.
bool names_a_file(const std::string& path, const std::vector<std::string>& files) {
  std::string re;
  for (char c : path) {
    if (c == '*') {
      re += "[^/]*";
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-') {
      re += c;
    } else {
      re += std::string("\\") + c;
    }
  }
  re += path.ends_with("/") ? ".*" : "(/.*)?";
  const std::regex pattern(re);
  return std::any_of(files.begin(), files.end(), [&](const std::string& f) { return std::regex_match(f, pattern); });
}

// Folders at the top of the repository: a path starting with one of them is
// a repository path (build/..., src/... of another project are not).
const std::vector<std::string> kTopFolders = {"sim/",     "models/",  "analytic/", "replay/", "scenarios/",
                                              "import/",  "calibrate/", "report/",  "cli/",      "viz/",    "bench/",
                                              "tests/",   "docs/",    "scripts/"};

// Repository paths one line of a document names: link targets, and words
// that start with a top folder (in code spans, code blocks or prose), and
// bare document names in code spans (`model.md`: the project's documents
// have lower-case names; `CHANGELOG.md` is another project's file).
std::vector<std::string> paths_named(const std::string& line, const std::string& doc_dir) {
  std::vector<std::string> out;
  static const std::regex link(R"(\]\(([^)\s]+)\))");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), link); it != std::sregex_iterator(); ++it) {
    std::string target = (*it)[1];
    if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 || target.rfind("mailto:", 0) == 0 ||
        target[0] == '#')
      continue;
    target = target.substr(0, target.find('#'));
    out.push_back(fs::path(doc_dir + target).lexically_normal().generic_string());
  }
  static const std::regex word(R"((^|[\s`("'|])([a-z]+/[A-Za-z0-9_.*{},/+-]*))");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), word); it != std::sregex_iterator(); ++it) {
    std::string p = (*it)[2];
    while (!p.empty() && std::string(".,:;").find(p.back()) != std::string::npos) p.pop_back();
    const bool ours = std::any_of(kTopFolders.begin(), kTopFolders.end(),
                                  [&](const std::string& t) { return p.rfind(t, 0) == 0; });
    if (ours) out.push_back(p);
  }
  static const std::regex bare_doc(R"(`([a-z0-9_-]+\.md)`)");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), bare_doc); it != std::sregex_iterator(); ++it) {
    out.push_back("docs/" + (*it)[1].str());
  }
  return out;
}

TEST(HouseDocs, PathsInDocumentsAreRecognised) {
  using V = std::vector<std::string>;
  EXPECT_EQ(paths_named("see [model](model.md#r7-sessions) and `models/server/replica.cpp`.", "docs/"),
            (V{"docs/model.md", "models/server/replica.cpp"}));
  EXPECT_EQ(paths_named("`build/spoolsim run scenarios/x.textproto` (ejabberd `src/mod_offline.erl`)", ""),
            (V{"scenarios/x.textproto"}));
  EXPECT_EQ(paths_named("[the issue](https://github.com/x/y/issues/1), rules in `domain-facts.md`", ""),
            (V{"docs/domain-facts.md"}));
  EXPECT_EQ(paths_named("ejabberd's `CHANGELOG.md` and `sql/lite.new.sql`", ""), V{});
  EXPECT_EQ(expand_braces("analytic/analytic.{hpp,cpp}"), (V{"analytic/analytic.hpp", "analytic/analytic.cpp"}));
  const V files = {"tests/analytic_ctmc_test.cpp", "docs/model.md"};
  EXPECT_TRUE(names_a_file("tests/analytic_*_test.cpp", files));
  EXPECT_TRUE(names_a_file("tests/", files));
  EXPECT_FALSE(names_a_file("tests/world_*_test.cpp", files));
  EXPECT_FALSE(names_a_file("docs/model", files));
}

TEST(HouseDocs, EveryPathTheDocumentsNameExists) {
  const fs::path top = root();
  const std::vector<std::string> files = repository_files(top);
  std::vector<std::string> missing;
  std::size_t checked = 0;
  for (const std::string& rel : files) {
    if (!is_document(rel)) continue;
    const std::string dir = rel.find('/') == std::string::npos ? "" : rel.substr(0, rel.rfind('/') + 1);
    const std::vector<std::string> lines = lines_of(top / rel);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const std::vector<std::string> named_here = paths_named(lines[n], dir);
      for (const std::string& named : std::set<std::string>(named_here.begin(), named_here.end())) {
        for (const std::string& p : expand_braces(named)) {
          ++checked;
          if (!names_a_file(p, files)) missing.push_back(rel + ":" + std::to_string(n + 1) + ": " + p);
        }
      }
    }
  }
  EXPECT_GT(checked, 50u) << "the scan found almost no paths: is the root right?";
  std::ostringstream msg;
  for (const std::string& m : missing) msg << "  " << m << "\n";
  EXPECT_TRUE(missing.empty()) << "paths named in the documents that are not in the repository:\n" << msg.str();
}

// A comment that sends the reader to docs/x.md must find it there.
TEST(HouseDocs, EveryDocumentTheCodeCitesExists) {
  const fs::path top = root();
  const std::vector<std::string> files = repository_files(top);
  const std::set<std::string> present(files.begin(), files.end());
  const std::regex cited(R"(docs/[A-Za-z0-9_-]+\.md)");
  std::vector<std::string> missing;
  for (const std::string& rel : files) {
    if (!is_code(rel) || rel == kSelf) continue;
    const std::vector<std::string> lines = lines_of(top / rel);
    for (std::size_t n = 0; n < lines.size(); ++n) {
      for (auto it = std::sregex_iterator(lines[n].begin(), lines[n].end(), cited); it != std::sregex_iterator();
           ++it) {
        if (!present.count(it->str())) missing.push_back(rel + ":" + std::to_string(n + 1) + ": " + it->str());
      }
    }
  }
  std::ostringstream msg;
  for (const std::string& m : missing) msg << "  " << m << "\n";
  EXPECT_TRUE(missing.empty()) << "documents cited by the code that are not in docs/:\n" << msg.str();
}

}  // namespace

// Error messages for people: where (file:line:column or --set), which field,
// what is wrong and what is allowed, with a "did you mean" for near misses.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {
namespace {

// The parent of "a.b[c].d" is "a.b[c]", of "a.b[c]" is "a.b", of "a" is "".
std::string parent_path(const std::string& path) {
  if (!path.empty() && path.back() == ']') {
    const auto open = path.rfind('[');
    return open == std::string::npos ? std::string() : path.substr(0, open);
  }
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? std::string() : path.substr(0, dot);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string Origin::where(const std::string& path) const {
  for (std::string p = path;; p = parent_path(p)) {
    if (auto s = sets.find(p); s != sets.end()) return s->second;
    if (auto pos = positions.find(p); pos != positions.end()) {
      return name + ":" + std::to_string(pos->second.line) + ":" + std::to_string(pos->second.column);
    }
    if (p.empty()) return name;
  }
}

void fail(const Origin& origin, const std::string& path, const std::string& what) {
  std::string message = origin.where(path);
  if (!path.empty()) message += ": " + path;
  message += ": " + what;
  throw ScenarioError(message);
}

std::string join_allowed(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
    out += names[i];
  }
  return out.empty() ? "(none)" : out;
}

std::string closest(std::string_view word, const std::vector<std::string>& names) {
  std::string best;
  // Names are short: a long word is near none of them, and the distance
  // table would cost its length times theirs.
  if (word.size() > kMaxEchoedBytes) return best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& name : names) {
    const std::size_t d = edit_distance(word, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string echoed(std::string_view word) {
  if (word.size() <= kMaxEchoedBytes) return std::string(word);
  std::size_t cut = kMaxEchoedBytes;  // not inside a UTF-8 sequence
  while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0u) == 0x80u) --cut;
  return std::string(word.substr(0, cut)) + "... (" + std::to_string(word.size()) + " bytes)";
}

std::string unknown_name(std::string_view what, std::string_view word, const std::vector<std::string>& names) {
  std::string out = "unknown " + std::string(what) + " \"" + echoed(word) + "\"; allowed: " + join_allowed(names);
  if (auto near = closest(word, names); !near.empty()) out += " (did you mean \"" + near + "\"?)";
  return out;
}

}  // namespace spoolsim::scenarios::detail

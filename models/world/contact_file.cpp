// R2.4: contact graphs from operations files (edge list or GraphML). Kept in
// its own translation unit: Boost's GraphML reader is slow to compile and
// needs the compiled Boost::graph library.
#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>

#include "models/inputs/input_file.hpp"
#include "models/world/contact_graph.hpp"

namespace spoolsim::models {
namespace {

// Presence-subscription directions of one unordered pair {lo, hi}, merged over
// all lines that name it: bit 0 = lo subscribes to hi, bit 1 = hi to lo.
struct PairBits {
  UserId lo = 0;
  UserId hi = 0;
  std::uint8_t bits = 0;
};

std::string population(std::uint32_t users) {
  return users == 0 ? std::string("the population has no users")
                    : "the population has " + std::to_string(users) + " users (0.." +
                          std::to_string(users - 1) + ")";
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

bool parse_uint(std::string_view s, std::uint64_t& out) {
  if (s.empty() || s.size() > 19) return false;
  out = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

// Adds `a subscribes per kind to b` to the pair list.
void add_relation(std::vector<PairBits>& pairs, UserId a, UserId b, std::string_view kind) {
  // "both": each subscribes to the other; "to": a subscribes to b; "from": b to a.
  std::uint8_t a_to_b = (kind == "both" || kind == "to") ? 1 : 0;
  std::uint8_t b_to_a = (kind == "both" || kind == "from") ? 1 : 0;
  if (a < b) {
    pairs.push_back({a, b, static_cast<std::uint8_t>(a_to_b | (b_to_a << 1))});
  } else {
    pairs.push_back({b, a, static_cast<std::uint8_t>(b_to_a | (a_to_b << 1))});
  }
}

ContactGraph build(std::uint32_t users, std::vector<PairBits>& pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const PairBits& x, const PairBits& y) {
    return x.lo != y.lo ? x.lo < y.lo : x.hi < y.hi;
  });
  std::vector<Edge> edges;
  for (std::size_t i = 0; i < pairs.size();) {
    PairBits merged = pairs[i];
    std::size_t j = i + 1;
    for (; j < pairs.size() && pairs[j].lo == merged.lo && pairs[j].hi == merged.hi; ++j)
      merged.bits = static_cast<std::uint8_t>(merged.bits | pairs[j].bits);
    Subscription lo_sub = merged.bits == 3   ? Subscription::Both
                          : merged.bits == 1 ? Subscription::To
                                             : Subscription::From;
    edges.push_back(Edge{merged.lo, merged.hi, lo_sub, mirror(lo_sub)});
    i = j;
  }
  return ContactGraph::from_edges(users, edges);
}

std::vector<std::string_view> split_ws(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    std::size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

ContactGraph load_edge_list(const std::string& path, std::istream& in, std::uint32_t users) {
  std::vector<PairBits> pairs;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = path + ":" + std::to_string(number);
    std::string_view text(line);
    if (auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
    auto tokens = split_ws(text);
    if (tokens.empty()) continue;
    std::uint64_t ids[2] = {0, 0};
    const bool shape_ok = (tokens.size() == 2 || tokens.size() == 3) &&
                          parse_uint(tokens[0], ids[0]) && parse_uint(tokens[1], ids[1]);
    const std::string_view kind = tokens.size() == 3 ? tokens[2] : std::string_view("both");
    if (!shape_ok) {
      fail(where, "expected 'a b' or 'a b both|to|from' with 0-based user ids, got '" +
                      std::string(text.substr(0, 80)) + (text.size() > 80 ? "...'" : "'"));
    }
    if (kind != "both" && kind != "to" && kind != "from") {
      fail(where, "subscription '" + std::string(kind.substr(0, 80)) + "' is not one of both, to, from");
    }
    for (std::uint64_t id : ids) {
      if (id >= users) fail(where, "names unknown user " + std::to_string(id) + "; " + population(users));
    }
    if (ids[0] == ids[1]) fail(where, "user " + std::to_string(ids[0]) + " cannot be its own contact");
    add_relation(pairs, static_cast<UserId>(ids[0]), static_cast<UserId>(ids[1]), kind);
  }
  if (in.bad()) fail(path, "read error");
  return build(users, pairs);
}

// Node ids of the GraphML document in order, with their lines; used to map
// nodes to users when every id is an integer (optionally prefixed by 'n').
struct NodeId {
  std::string id;
  std::uint64_t line = 0;
};

std::vector<NodeId> scan_node_ids(const std::string& text) {
  std::vector<NodeId> out;
  std::uint64_t line = 1;
  std::size_t pos = 0;
  std::size_t counted_to = 0;
  while ((pos = text.find("<node", pos)) != std::string::npos) {
    const char after = pos + 5 < text.size() ? text[pos + 5] : '\0';
    if (!std::isspace(static_cast<unsigned char>(after)) && after != '>' && after != '/') {
      pos += 5;
      continue;
    }
    line += static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                                  text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    counted_to = pos;
    std::size_t end = text.find('>', pos);
    std::string_view tag(text.data() + pos, (end == std::string::npos ? text.size() : end) - pos);
    std::string id;
    for (std::string_view q : {std::string_view("id=\""), std::string_view("id='")}) {
      auto at = tag.find(q);
      while (at != std::string_view::npos && at > 0 &&
             !std::isspace(static_cast<unsigned char>(tag[at - 1])))
        at = tag.find(q, at + 1);
      if (at == std::string_view::npos) continue;
      auto close = tag.find(q.back(), at + q.size());
      if (close != std::string_view::npos) id = std::string(tag.substr(at + q.size(), close - at - q.size()));
      break;
    }
    out.push_back({id, line});
    pos += 5;
  }
  return out;
}

// The first quoted value of attribute `name` in a tag ("" if none).
std::string attribute(std::string_view tag, std::string_view name) {
  for (std::size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
    std::size_t i = at + name.size();
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    const auto close = tag.find(tag[i], i + 1);
    if (close == std::string_view::npos) return {};
    return std::string(tag.substr(i + 1, close - i - 1));
  }
  return {};
}

// Boost's reader creates a node for an edge end that no <node> declares;
// that would silently renumber every user (issue 16), so it is an error.
void check_edge_ends(const std::string& path, const std::string& text, const std::vector<NodeId>& nodes) {
  std::vector<std::string> declared;
  declared.reserve(nodes.size());
  for (const NodeId& n : nodes) declared.push_back(n.id);
  std::sort(declared.begin(), declared.end());
  std::uint64_t line = 1;
  std::size_t counted_to = 0;
  for (std::size_t pos = text.find("<edge"); pos != std::string::npos; pos = text.find("<edge", pos + 5)) {
    const char after = pos + 5 < text.size() ? text[pos + 5] : '\0';
    if (!std::isspace(static_cast<unsigned char>(after)) && after != '>' && after != '/') continue;
    line += static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                                  text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    counted_to = pos;
    const std::size_t end = text.find('>', pos);
    const std::string_view tag(text.data() + pos, (end == std::string::npos ? text.size() : end) - pos);
    for (std::string_view end_name : {std::string_view("source"), std::string_view("target")}) {
      const std::string id = attribute(tag, end_name);
      if (!std::binary_search(declared.begin(), declared.end(), id)) {
        fail(path + ":" + std::to_string(line),
             "edge " + std::string(end_name) + " '" + id.substr(0, 80) +
                 "' is not a declared node; allowed: the id of a <node> in this file");
      }
    }
  }
}

// Boost's XML reader descends recursively, one call per nesting level: a
// file of 300,000 nested tags would overflow the stack. GraphML needs about
// five levels, so anything past kMaxXmlDepth is refused before it is parsed.
constexpr int kMaxXmlDepth = 64;
void check_xml_depth(const std::string& path, const std::string& text) {
  int depth = 0;
  std::uint64_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (text[i] != '<') continue;
    if (text.compare(i, 4, "<!--") == 0) {
      const auto close = text.find("-->", i + 4);
      if (close == std::string::npos) return;  // the parser reports it
      line += static_cast<std::uint64_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(i),
                                                    text.begin() + static_cast<std::ptrdiff_t>(close), '\n'));
      i = close + 2;
      continue;
    }
    const bool closing = i + 1 < text.size() && text[i + 1] == '/';
    const bool special = i + 1 < text.size() && (text[i + 1] == '?' || text[i + 1] == '!');
    std::size_t j = i + 1;
    char quote = 0;
    for (; j < text.size(); ++j) {
      if (text[j] == '\n') ++line;
      if (quote != 0) {
        if (text[j] == quote) quote = 0;
      } else if (text[j] == '"' || text[j] == '\'') {
        quote = text[j];
      } else if (text[j] == '>') {
        break;
      }
    }
    if (j >= text.size()) return;
    const bool self_closing = text[j - 1] == '/';
    if (closing) {
      --depth;
    } else if (!special && !self_closing && ++depth > kMaxXmlDepth) {
      fail(path + ":" + std::to_string(line), "elements nested more than " + std::to_string(kMaxXmlDepth) +
                                                  " deep; allowed: a GraphML document (a few levels)");
    }
    i = j;
  }
}

struct GraphmlEdgeProps {
  std::string subscription;
};
template <class Directedness>
using GraphmlGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, Directedness, boost::no_property, GraphmlEdgeProps>;

template <class Directedness>
ContactGraph load_graphml_as(const std::string& path, const std::string& text, std::uint32_t users) {
  const auto nodes = scan_node_ids(text);
  check_edge_ends(path, text, nodes);
  GraphmlGraph<Directedness> g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("subscription", boost::get(&GraphmlEdgeProps::subscription, g));
  try {
    std::istringstream in(text);
    boost::read_graphml(in, g, dp);
  } catch (const boost::undirected_graph_error&) {
    throw;  // the caller retries with an undirected graph
  } catch (const std::exception& e) {
    fail(path, std::string("not a valid GraphML contact graph: ") + e.what());
  }
  const auto vertices = boost::num_vertices(g);
  // Users: the integer node ids ("17" or "n17") when all of them are, else document order.
  std::vector<std::uint64_t> user_of(vertices);
  bool by_id = nodes.size() == vertices && vertices > 0;
  for (std::size_t i = 0; by_id && i < nodes.size(); ++i) {
    std::string_view id(nodes[i].id);
    if (!id.empty() && id.front() == 'n') id.remove_prefix(1);
    by_id = parse_uint(id, user_of[i]);
  }
  for (std::size_t i = 0; i < vertices; ++i) {
    if (!by_id) user_of[i] = i;
    if (user_of[i] >= users) {
      const std::string where = i < nodes.size() ? path + ":" + std::to_string(nodes[i].line) : path;
      fail(where, "names unknown user " + std::to_string(user_of[i]) + " (node '" +
                      (i < nodes.size() ? nodes[i].id : std::to_string(i)) + "'); " + population(users));
    }
  }
  std::vector<PairBits> pairs;
  std::size_t index = 0;
  for (auto [it, end] = boost::edges(g); it != end; ++it, ++index) {
    auto a = static_cast<UserId>(user_of[boost::source(*it, g)]);
    auto b = static_cast<UserId>(user_of[boost::target(*it, g)]);
    std::string kind = g[*it].subscription.empty() ? "both" : g[*it].subscription;
    const std::string where = path + ": edge " + std::to_string(index + 1) + " (" + std::to_string(a) +
                              " -> " + std::to_string(b) + ")";
    if (kind != "both" && kind != "to" && kind != "from")
      fail(where, "subscription '" + kind + "' is not one of both, to, from");
    if (a == b) fail(where, "user " + std::to_string(a) + " cannot be its own contact");
    add_relation(pairs, a, b, kind);
  }
  return build(users, pairs);
}

// Edges of an undirected file are read like "source target" lines; Boost
// needs the graph's directedness to match the file's edgedefault.
ContactGraph load_graphml(const std::string& path, const std::string& text, std::uint32_t users) {
  check_xml_depth(path, text);
  try {
    return load_graphml_as<boost::directedS>(path, text, users);
  } catch (const boost::undirected_graph_error&) {
    return load_graphml_as<boost::undirectedS>(path, text, users);
  }
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

ContactGraph load_contact_file(const std::string& path, std::uint32_t users) {
  // Regular files only, at most kMaxContactFileBytes (issue 16).
  const std::string text = read_input_file(path, {"contact file", kMaxContactFileBytes, false});
  return load_contact_text(path, text, users);
}

ContactGraph load_contact_text(const std::string& path, const std::string& text, std::uint32_t users) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const bool graphml = ends_with(path, ".graphml") || ends_with(path, ".xml") ||
                       (first != std::string::npos && text[first] == '<');
  if (graphml) return load_graphml(path, text, users);
  std::istringstream lines(text);
  return load_edge_list(path, lines, users);
}

}  // namespace spoolsim::models

// R2.4: contacts as roster entries. Generated with Boost.Graph (Erdos-Renyi,
// Watts-Strogatz, PLOD power law) or loaded from an edge list / GraphML file,
// then kept as compact sorted adjacency (CSR) for the hot path.
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/inputs/ids.hpp"
#include "models/inputs/scenario.hpp"
#include "sim/random.hpp"

namespace spoolsim::models {

enum class Subscription : std::uint8_t { None, To, From, Both };
enum class ArchivePref : std::uint8_t { None, Always, Never };  // owner's MAM lists (R2.3)

// The subscription the peer holds when the owner holds `s` (to <-> from).
Subscription mirror(Subscription s);

struct Contact {
  UserId peer = 0;
  Subscription subscription = Subscription::Both;  // owner's roster entry for peer
  ArchivePref pref = ArchivePref::None;            // peer in owner's always / never list
};

struct DegreeStats {
  double mean = 0.0;
  std::uint32_t min = 0;
  std::uint32_t max = 0;
  std::uint32_t isolated = 0;  // users without contacts (they send to strangers, R4.2)
};

// One roster relation between users a and b, as both rosters see it.
// Defaults: mutual `both`, no list entries. A one-way edge where a
// subscribes to b's presence: a_sub = To, b_sub = From (see one_way()).
struct Edge {
  UserId a = 0;
  UserId b = 0;
  Subscription a_sub = Subscription::Both;  // a's roster entry for b
  Subscription b_sub = Subscription::Both;  // b's roster entry for a
  ArchivePref a_pref = ArchivePref::None;   // b in a's always / never list
  ArchivePref b_pref = ArchivePref::None;   // a in b's always / never list

  static Edge mutual(UserId a, UserId b) { return Edge{a, b}; }
  static Edge one_way(UserId owner, UserId peer) {
    return Edge{owner, peer, Subscription::To, Subscription::From};
  }
};

class ContactGraph {
 public:
  ContactGraph() = default;
  std::uint32_t users() const;
  // Inline: every send looks up one to three roster entries (R4.2, R6.2).
  inline std::span<const Contact> contacts_of(UserId owner) const;  // sorted by peer
  inline const Contact* find(UserId owner, UserId peer) const;       // nullptr: not in owner's roster
  DegreeStats degree_stats() const;
  // Share of roster relations (unordered pairs) that are not `both` on both sides.
  double one_way_share() const;
  std::uint64_t entries() const { return contacts_.size(); }  // roster entries (2 per edge)

  // Builds a graph by hand (scripted tests, files). Repeated pairs merge:
  // later subscriptions and prefs on the same pair overwrite earlier ones.
  // Throws std::invalid_argument on a user id >= users or a self-contact.
  static ContactGraph from_edges(std::uint32_t users, std::span<const Edge> edges);

  // R2.4 generators (ErdosRenyi, SmallWorld, PowerLaw) with the scenario's
  // mean degree and one-way share; `rng` is the graph entity's stream (R1.4).
  // Throws std::invalid_argument for ContactGenerator::File (use load_contact_file).
  static ContactGraph generate(const Contacts& spec, std::uint32_t users, sim::RandomStream& rng);

  // R2.3: puts `peer` into `owner`'s always / never list (None removes it).
  // Throws std::invalid_argument when peer is not in owner's roster.
  void set_pref(UserId owner, UserId peer, ArchivePref pref);

  // Approximate heap bytes held (for memory budgets).
  std::size_t memory_bytes() const;

 private:
  std::vector<std::uint64_t> offsets_;  // users + 1 entries
  std::vector<Contact> contacts_;
};

std::span<const Contact> ContactGraph::contacts_of(UserId owner) const {
  if (owner + std::size_t{1} >= offsets_.size()) return {};
  return {contacts_.data() + offsets_[owner], contacts_.data() + offsets_[owner + 1]};
}

const Contact* ContactGraph::find(UserId owner, UserId peer) const {
  const auto row = contacts_of(owner);
  const auto it = std::lower_bound(row.begin(), row.end(), peer,
                                   [](const Contact& c, UserId p) { return c.peer < p; });
  return (it != row.end() && it->peer == peer) ? &*it : nullptr;
}

// Loads an operations file (R2.4): an edge list ("a b" or "a b both|to|from"
// per line, '#' comments, 0-based user ids) or GraphML (.graphml / .xml, or a
// file starting with '<'). Throws std::runtime_error naming `file:line` and what
// was expected, e.g. "contacts.txt:7: names unknown user 5000; the population
// has 2000 users (0..1999)". Implemented in contact_file.cpp.
// The file must be a regular file of at most 1 GiB (InputFileError otherwise,
// a std::runtime_error). An edge to a GraphML node that no <node> declares is
// an error naming its line.
ContactGraph load_contact_file(const std::string& path, std::uint32_t users);
// The same from text in memory; `path` names it in messages and picks the
// format (fuzzer, tests).
ContactGraph load_contact_text(const std::string& path, const std::string& text, std::uint32_t users);

// PowerLaw: `power_law_alpha` is the degree exponent (P(k) ~ k^-alpha, > 1);
// Boost's PLOD credit beta * x^-a gets a = 1 / (alpha - 1), and beta is the
// value for which the expected credit per vertex is `mean_degree` (for tests).
double plod_exponent(double alpha);
double plod_beta_for_mean_degree(std::uint32_t users, double degree_exponent, double mean_degree);

}  // namespace spoolsim::models

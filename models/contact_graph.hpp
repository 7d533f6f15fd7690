// R2.4: contacts as roster entries. Generated with Boost.Graph (Erdos-Renyi,
// Watts-Strogatz, PLOD power law) or loaded from an edge list / GraphML file,
// then kept as compact sorted adjacency (CSR) for the hot path.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/ids.hpp"
#include "models/scenario.hpp"
#include "sim/random.hpp"

namespace spoolsim::models {

enum class Subscription : std::uint8_t { None, To, From, Both };
enum class ArchivePref : std::uint8_t { None, Always, Never };  // owner's MAM lists (R2.3)

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

class ContactGraph {
 public:
  ContactGraph() = default;
  std::uint32_t users() const;
  std::span<const Contact> contacts_of(UserId owner) const;  // sorted by peer
  const Contact* find(UserId owner, UserId peer) const;       // nullptr: not in owner's roster
  DegreeStats degree_stats() const;
  // ... owner adds builders: generate(Contacts, users, RandomStream&), from edges, load file.

 private:
  std::vector<std::uint64_t> offsets_;
  std::vector<Contact> contacts_;
};

}  // namespace spoolsim::models

// R2.4: the contact graph, generated with Boost.Graph's header-only edge
// iterators and stored as CSR (rows sorted by peer) for O(log d) `find`.
#include "models/world/contact_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/erdos_renyi_generator.hpp>
#include <boost/graph/plod_generator.hpp>
#include <boost/graph/small_world_generator.hpp>

namespace spoolsim::models {
namespace {

// Boost.Random engine concept over the graph entity's stream (R1.4). Holds a
// pointer so that the copies Boost's iterators make share one stream.
struct BoostEngine {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() { return stream->next_u64(); }
  sim::RandomStream* stream = nullptr;
};

using UndirectedGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

struct Directed {  // one roster entry before CSR packing
  UserId owner = 0;
  Contact contact;
  std::uint64_t order = 0;  // input order: the last of repeated pairs wins
};

std::string user_range(std::uint32_t users) {
  return users == 0 ? std::string("no users")
                    : std::to_string(users) + " users (0.." + std::to_string(users - 1) + ")";
}

// Pairs as a < b, sorted, without self-loops or repeats (rewiring and PLOD make some).
void normalise(std::vector<std::pair<UserId, UserId>>& pairs) {
  for (auto& [a, b] : pairs)
    if (a > b) std::swap(a, b);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  pairs.erase(std::remove_if(pairs.begin(), pairs.end(), [](auto& e) { return e.first == e.second; }),
              pairs.end());
}

}  // namespace

Subscription mirror(Subscription s) {
  switch (s) {
    case Subscription::To: return Subscription::From;
    case Subscription::From: return Subscription::To;
    default: return s;
  }
}

std::uint32_t ContactGraph::users() const {
  return offsets_.empty() ? 0 : static_cast<std::uint32_t>(offsets_.size() - 1);
}

DegreeStats ContactGraph::degree_stats() const {
  DegreeStats s;
  const std::uint32_t n = users();
  if (n == 0) return s;
  s.min = std::numeric_limits<std::uint32_t>::max();
  for (UserId u = 0; u < n; ++u) {
    auto d = static_cast<std::uint32_t>(offsets_[u + 1] - offsets_[u]);
    s.min = std::min(s.min, d);
    s.max = std::max(s.max, d);
    if (d == 0) ++s.isolated;
  }
  s.mean = static_cast<double>(contacts_.size()) / static_cast<double>(n);
  return s;
}

double ContactGraph::one_way_share() const {
  std::uint64_t pairs = 0;
  std::uint64_t one_way = 0;
  for (UserId u = 0; u < users(); ++u) {
    for (const Contact& c : contacts_of(u)) {
      if (c.peer < u) continue;
      ++pairs;
      const Contact* back = find(c.peer, u);
      if (c.subscription != Subscription::Both || !back || back->subscription != Subscription::Both)
        ++one_way;
    }
  }
  return pairs ? static_cast<double>(one_way) / static_cast<double>(pairs) : 0.0;
}

std::size_t ContactGraph::memory_bytes() const {
  return offsets_.capacity() * sizeof(std::uint64_t) + contacts_.capacity() * sizeof(Contact);
}

static void pack(std::uint32_t users, std::vector<Directed>& entries,
                         std::vector<std::uint64_t>& offsets, std::vector<Contact>& contacts) {
  std::sort(entries.begin(), entries.end(), [](const Directed& x, const Directed& y) {
    if (x.owner != y.owner) return x.owner < y.owner;
    if (x.contact.peer != y.contact.peer) return x.contact.peer < y.contact.peer;
    return x.order < y.order;
  });
  offsets.assign(std::size_t{users} + 1, 0);
  contacts.clear();
  contacts.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool last_of_pair = i + 1 == entries.size() || entries[i + 1].owner != entries[i].owner ||
                              entries[i + 1].contact.peer != entries[i].contact.peer;
    if (!last_of_pair) continue;
    contacts.push_back(entries[i].contact);
    ++offsets[entries[i].owner + 1];
  }
  for (std::size_t u = 0; u < users; ++u) offsets[u + 1] += offsets[u];
  std::vector<Directed>().swap(entries);
}

ContactGraph ContactGraph::from_edges(std::uint32_t users, std::span<const Edge> edges) {
  std::vector<Directed> entries;
  entries.reserve(edges.size() * 2);
  std::uint64_t order = 0;
  for (const Edge& e : edges) {
    if (e.a >= users || e.b >= users) {
      throw std::invalid_argument("contact edge " + std::to_string(e.a) + "-" + std::to_string(e.b) +
                                  " names unknown user " + std::to_string(e.a >= users ? e.a : e.b) +
                                  "; the population has " + user_range(users));
    }
    if (e.a == e.b) {
      throw std::invalid_argument("user " + std::to_string(e.a) + " cannot be its own contact");
    }
    entries.push_back({e.a, Contact{e.b, e.a_sub, e.a_pref}, order});
    entries.push_back({e.b, Contact{e.a, e.b_sub, e.b_pref}, order});
    ++order;
  }
  ContactGraph g;
  pack(users, entries, g.offsets_, g.contacts_);
  return g;
}

double plod_exponent(double alpha) {
  // A credit beta * x^-a with x uniform has P(D > d) ~ d^(-1/a): degree
  // exponent alpha = 1 + 1/a (docs/world-notes.md).
  if (!(alpha > 1.0)) throw std::invalid_argument("power_law_alpha must be > 1 (degree exponent)");
  return 1.0 / (alpha - 1.0);
}

double plod_beta_for_mean_degree(std::uint32_t users, double degree_exponent, double mean_degree) {
  // Boost's undirected PLOD gives vertex i the credit clamp(floor(beta * x^-a), 1, n-1)
  // with x uniform in [0, n) (x = 0 gives 1); an edge uses two credits, so the
  // mean degree is the mean credit. Bisection on the exact expectation.
  const std::size_t n = users;
  if (n < 2) return 0.0;
  const double alpha = plod_exponent(degree_exponent);
  auto mean_credit = [&](double beta) {
    double sum = 1.0;  // x = 0
    for (std::size_t x = 1; x < n; ++x) {
      double d = std::floor(beta * std::pow(static_cast<double>(x), -alpha));
      sum += std::clamp(d, 1.0, static_cast<double>(n - 1));
    }
    return sum / static_cast<double>(n);
  };
  double lo = 0.0;
  double hi = 1.0;
  while (mean_credit(hi) < mean_degree && hi < 1e300) hi *= 2.0;
  for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; ++i) {
    double mid = 0.5 * (lo + hi);
    (mean_credit(mid) < mean_degree ? lo : hi) = mid;
  }
  return hi;
}

ContactGraph ContactGraph::generate(const Contacts& spec, std::uint32_t users, sim::RandomStream& rng) {
  BoostEngine engine{&rng};
  std::vector<std::pair<UserId, UserId>> pairs;
  const std::size_t n = users;
  if (n >= 2 && spec.mean_degree > 0.0) {
    switch (spec.generator) {
      case ContactGenerator::ErdosRenyi: {
        // G(n, p) with p = mean / (n - 1); the sorted iterator skips geometrically (O(E)).
        double p = std::min(1.0, spec.mean_degree / static_cast<double>(n - 1));
        using It = boost::sorted_erdos_renyi_iterator<BoostEngine, UndirectedGraph>;
        for (It it(engine, n, p, false), end; it != end; ++it)
          pairs.emplace_back(static_cast<UserId>(it->first), static_cast<UserId>(it->second));
        break;
      }
      case ContactGenerator::SmallWorld: {
        // Ring lattice with k/2 neighbours per side, k = mean degree rounded to
        // an even number in [2, n - 1]; each edge rewired with probability beta.
        auto k = static_cast<std::size_t>(2.0 * std::round(spec.mean_degree / 2.0));
        k = std::clamp<std::size_t>(k, 2, n - 1);
        using It = boost::small_world_iterator<BoostEngine, UndirectedGraph>;
        for (It it(engine, n, k, spec.rewire_probability, false), end; it != end; ++it)
          pairs.emplace_back(static_cast<UserId>(it->first), static_cast<UserId>(it->second));
        break;
      }
      case ContactGenerator::PowerLaw: {
        // PLOD pairs credits at random, so hubs meet repeatedly and merged
        // repeats leave the mean below the credit mean: rescale beta by the
        // shortfall and draw again (at most 4 rounds, the closest one wins).
        double beta = plod_beta_for_mean_degree(users, spec.power_law_alpha, spec.mean_degree);
        std::vector<std::pair<UserId, UserId>> best;
        double best_error = std::numeric_limits<double>::infinity();
        for (int round = 0; round < 4; ++round) {
          pairs.clear();
          using It = boost::plod_iterator<BoostEngine, UndirectedGraph>;
          for (It it(engine, n, plod_exponent(spec.power_law_alpha), beta, false), end; it != end; ++it)
            pairs.emplace_back(static_cast<UserId>(it->first), static_cast<UserId>(it->second));
          normalise(pairs);
          const double mean = 2.0 * static_cast<double>(pairs.size()) / static_cast<double>(n);
          const double error = std::abs(mean - spec.mean_degree);
          if (error < best_error) {
            best_error = error;
            best.swap(pairs);
          }
          if (error <= 0.01 * spec.mean_degree || mean <= 0.0) break;
          beta *= spec.mean_degree / mean;
        }
        pairs.swap(best);
        break;
      }
      case ContactGenerator::File:
        throw std::invalid_argument("contact generator 'file' is loaded with load_contact_file");
    }
  }
  normalise(pairs);

  // R2.4: a share of edges one-way; the owner (who holds `to`) is a fair coin.
  std::vector<Directed> entries;
  entries.reserve(pairs.size() * 2);
  for (auto [a, b] : pairs) {
    Subscription a_sub = Subscription::Both;
    if (spec.one_way_share > 0.0 && rng.bernoulli(spec.one_way_share))
      a_sub = rng.bernoulli(0.5) ? Subscription::To : Subscription::From;
    entries.push_back({a, Contact{b, a_sub, ArchivePref::None}, 0});
    entries.push_back({b, Contact{a, mirror(a_sub), ArchivePref::None}, 0});
  }
  std::vector<std::pair<UserId, UserId>>().swap(pairs);
  ContactGraph g;
  pack(users, entries, g.offsets_, g.contacts_);
  return g;
}

void ContactGraph::set_pref(UserId owner, UserId peer, ArchivePref pref) {
  auto* c = const_cast<Contact*>(find(owner, peer));
  if (!c) {
    throw std::invalid_argument("user " + std::to_string(peer) + " is not in the roster of user " +
                                std::to_string(owner) + ": MAM always/never lists hold contacts (R2.3)");
  }
  c->pref = pref;
}

}  // namespace spoolsim::models

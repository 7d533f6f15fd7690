// R2.4: contact graph generators, hand-built graphs, and operations files
// (edge list, GraphML) with their error messages.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "models/world/population.hpp"
#include "support/world_support.hpp"

namespace spoolsim::world_test {
namespace {

ContactGraph generate(ContactGenerator g, std::uint32_t users, double mean, double one_way = 0.0,
                      std::uint64_t seed = 3) {
  Contacts spec;
  spec.generator = g;
  spec.mean_degree = mean;
  spec.one_way_share = one_way;
  sim::RandomStream rng(seed, 0, stream_key::kGraph, stream_key::Graph);
  return ContactGraph::generate(spec, users, rng);
}

void expect_symmetric(const ContactGraph& g) {
  for (UserId u = 0; u < g.users(); ++u) {
    auto row = g.contacts_of(u);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) {
        ASSERT_LT(row[i - 1].peer, row[i].peer);  // sorted, no repeats
      }
      ASSERT_NE(row[i].peer, u);
      const Contact* back = g.find(row[i].peer, u);
      ASSERT_NE(back, nullptr);
      ASSERT_EQ(back->subscription, mirror(row[i].subscription));
    }
  }
}

TEST(WorldContacts, ErdosRenyiMeanDegree) {
  const std::uint32_t n = 3000;
  const double k = 10.0;
  ContactGraph g = generate(ContactGenerator::ErdosRenyi, n, k);
  expect_symmetric(g);
  // Edges ~ Binomial(n(n-1)/2, p): sd of the mean degree = 2 sd(E) / n.
  const double p = k / (n - 1);
  const double pairs = n * (n - 1) / 2.0;
  const double sd = 2.0 * std::sqrt(pairs * p * (1 - p)) / n;
  EXPECT_NEAR(g.degree_stats().mean, k, 4.0 * sd);
  EXPECT_GT(g.degree_stats().max, g.degree_stats().min);
}

TEST(WorldContacts, SmallWorldMeanDegree) {
  ContactGraph g = generate(ContactGenerator::SmallWorld, 2000, 10.0);
  expect_symmetric(g);
  // A ring lattice of degree 10; rewiring only rarely repeats an edge.
  EXPECT_LE(g.degree_stats().mean, 10.0);
  EXPECT_GE(g.degree_stats().mean, 9.95);
  EXPECT_EQ(g.degree_stats().isolated, 0u);
}

TEST(WorldContacts, PowerLawMeanDegreeAndHeavyTail) {
  const std::uint32_t n = 3000;
  ContactGraph g = generate(ContactGenerator::PowerLaw, n, 6.0);
  expect_symmetric(g);
  const DegreeStats st = g.degree_stats();
  // beta is rescaled until the realised mean is within 1% (or the best of 4 rounds).
  EXPECT_NEAR(st.mean, 6.0, 0.03 * 6.0);
  // A heavy tail: with degree exponent 2.5 the largest degree grows like
  // n^(1/1.5); a Poisson graph of mean 6 on 3000 users stays below 20.
  EXPECT_GT(st.max, 40u);
  // Most users have few contacts: the median is below the mean.
  std::vector<std::size_t> degrees;
  for (UserId u = 0; u < n; ++u) degrees.push_back(g.contacts_of(u).size());
  std::nth_element(degrees.begin(), degrees.begin() + n / 2, degrees.end());
  EXPECT_LT(static_cast<double>(degrees[n / 2]), st.mean);
  const double beta = plod_beta_for_mean_degree(n, 2.5, 6.0);
  EXPECT_GT(beta, 0.0);
}

TEST(WorldContacts, OneWayShare) {
  ContactGraph g = generate(ContactGenerator::ErdosRenyi, 3000, 8.0, 0.3);
  expect_symmetric(g);
  const double pairs = static_cast<double>(g.entries()) / 2.0;
  EXPECT_NEAR(g.one_way_share(), 0.3, share_tolerance(0.3, pairs));
  // Both orientations appear about equally.
  double to = 0, from = 0;
  for (UserId u = 0; u < g.users(); ++u)
    for (const Contact& c : g.contacts_of(u))
      if (c.peer > u) (c.subscription == Subscription::To ? to : from) += c.subscription != Subscription::Both;
  EXPECT_NEAR(to / (to + from), 0.5, share_tolerance(0.5, to + from));
}

TEST(WorldContacts, GeneratorIsDeterministicPerSeed) {
  ContactGraph a = generate(ContactGenerator::SmallWorld, 500, 6.0, 0.2, 11);
  ContactGraph b = generate(ContactGenerator::SmallWorld, 500, 6.0, 0.2, 11);
  ContactGraph c = generate(ContactGenerator::SmallWorld, 500, 6.0, 0.2, 12);
  ASSERT_EQ(a.entries(), b.entries());
  bool same_as_c = a.entries() == c.entries();
  for (UserId u = 0; u < 500; ++u) {
    auto ra = a.contacts_of(u), rb = b.contacts_of(u);
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
      ASSERT_EQ(ra[i].peer, rb[i].peer);
      ASSERT_EQ(ra[i].subscription, rb[i].subscription);
    }
    if (same_as_c) {
      auto rc = c.contacts_of(u);
      same_as_c = rc.size() == ra.size() && std::equal(ra.begin(), ra.end(), rc.begin(), [](auto& x, auto& y) {
                    return x.peer == y.peer && x.subscription == y.subscription;
                  });
    }
  }
  EXPECT_FALSE(same_as_c);
}

TEST(WorldContacts, FromEdgesAndPrefs) {
  const std::vector<Edge> edges = {Edge::mutual(0, 1), Edge::one_way(2, 0),
                                   Edge{3, 1, Subscription::None, Subscription::None, ArchivePref::Always,
                                        ArchivePref::None}};
  ContactGraph g = ContactGraph::from_edges(4, edges);
  EXPECT_EQ(g.users(), 4u);
  ASSERT_NE(g.find(0, 1), nullptr);
  EXPECT_EQ(g.find(0, 1)->subscription, Subscription::Both);
  EXPECT_EQ(g.find(2, 0)->subscription, Subscription::To);
  EXPECT_EQ(g.find(0, 2)->subscription, Subscription::From);
  EXPECT_EQ(g.find(3, 1)->subscription, Subscription::None);
  EXPECT_EQ(g.find(3, 1)->pref, ArchivePref::Always);
  EXPECT_EQ(g.find(1, 3)->pref, ArchivePref::None);
  EXPECT_EQ(g.find(2, 1), nullptr);
  g.set_pref(1, 0, ArchivePref::Never);
  EXPECT_EQ(g.find(1, 0)->pref, ArchivePref::Never);
  EXPECT_THROW(g.set_pref(2, 1, ArchivePref::Always), std::invalid_argument);
  const std::vector<Edge> bad = {Edge::mutual(0, 4)};
  EXPECT_THROW(ContactGraph::from_edges(4, bad), std::invalid_argument);
  const std::vector<Edge> self = {Edge::mutual(2, 2)};
  EXPECT_THROW(ContactGraph::from_edges(4, self), std::invalid_argument);
  const DegreeStats st = g.degree_stats();
  EXPECT_EQ(st.min, 1u);
  EXPECT_EQ(st.max, 2u);  // user 0: 1, 2; user 1: 0, 3
  EXPECT_DOUBLE_EQ(st.mean, 6.0 / 4.0);
}

class ContactFile : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    auto dir = std::filesystem::path(::testing::TempDir()) / "world_contacts";
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }
  static std::string error_of(const std::string& path, std::uint32_t users) {
    try {
      load_contact_file(path, users);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(ContactFile, EdgeList) {
  auto path = write("ok.txt",
                    "# operations export\n"
                    "0 1\n"
                    "\n"
                    "2 0 to   # 2 subscribes to 0\n"
                    "3 1 from\n"
                    "1 3 from\n"  // both directions named: merges into both
                    "4 0 both\n");
  ContactGraph g = load_contact_file(path, 5);
  EXPECT_EQ(g.users(), 5u);
  EXPECT_EQ(g.find(0, 1)->subscription, Subscription::Both);
  EXPECT_EQ(g.find(2, 0)->subscription, Subscription::To);
  EXPECT_EQ(g.find(0, 2)->subscription, Subscription::From);
  EXPECT_EQ(g.find(3, 1)->subscription, Subscription::Both);
  EXPECT_EQ(g.find(4, 0)->subscription, Subscription::Both);
  EXPECT_EQ(g.entries(), 8u);
}

TEST_F(ContactFile, EdgeListErrorsNameFileAndLine) {
  auto unknown = write("unknown.txt", "0 1\n# c\n5000 2\n");
  EXPECT_EQ(error_of(unknown, 2000),
            unknown + ":3: names unknown user 5000; the population has 2000 users (0..1999)");
  auto shape = write("shape.txt", "0 1\n1 x\n");
  EXPECT_EQ(error_of(shape, 10),
            shape + ":2: expected 'a b' or 'a b both|to|from' with 0-based user ids, got '1 x'");
  auto kind = write("kind.txt", "0 1 mutual\n");
  EXPECT_EQ(error_of(kind, 10), kind + ":1: subscription 'mutual' is not one of both, to, from");
  auto self = write("self.txt", "\n\n4 4\n");
  EXPECT_EQ(error_of(self, 10), self + ":3: user 4 cannot be its own contact");
  auto negative = write("negative.txt", "0 -1\n");
  EXPECT_NE(error_of(negative, 10).find(negative + ":1: expected"), std::string::npos);
  EXPECT_NE(error_of("/nonexistent/contacts.txt", 10).find("/nonexistent/contacts.txt: cannot open"),
            std::string::npos);
}

const char* kGraphml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "  <key id=\"d0\" for=\"edge\" attr.name=\"subscription\" attr.type=\"string\"/>\n"
    "  <graph id=\"G\" edgedefault=\"%s\">\n"
    "    <node id=\"n0\"/>\n"
    "    <node id=\"n1\"/>\n"
    "    <node id=\"n%d\"/>\n"
    "    <edge source=\"n0\" target=\"n1\"/>\n"
    "    <edge source=\"n%d\" target=\"n0\"><data key=\"d0\">to</data></edge>\n"
    "  </graph>\n"
    "</graphml>\n";

std::string graphml(const char* edgedefault, int third) {
  char buf[2048];
  std::snprintf(buf, sizeof buf, kGraphml, edgedefault, third, third);
  return buf;
}

TEST_F(ContactFile, GraphmlByNodeIds) {
  for (const char* kind : {"undirected", "directed"}) {
    auto path = write(std::string("ok_") + kind + ".graphml", graphml(kind, 7));
    ContactGraph g = load_contact_file(path, 10);
    EXPECT_EQ(g.find(0, 1)->subscription, Subscription::Both) << kind;
    ASSERT_NE(g.find(7, 0), nullptr) << kind;  // node "n7" is user 7
    EXPECT_EQ(g.find(7, 0)->subscription, Subscription::To) << kind;
    EXPECT_EQ(g.find(0, 7)->subscription, Subscription::From) << kind;
    EXPECT_EQ(g.entries(), 4u) << kind;
  }
}

TEST_F(ContactFile, GraphmlUnknownUserNamesLine) {
  auto path = write("unknown.graphml", graphml("undirected", 5000));
  EXPECT_EQ(error_of(path, 2000),
            path + ":7: names unknown user 5000 (node 'n5000'); the population has 2000 users (0..1999)");
  auto broken = write("broken.graphml", "<graphml><graph edgedefault=\"undirected\"><node id=\"a\">");
  EXPECT_NE(error_of(broken, 10).find(broken + ": not a valid GraphML contact graph"), std::string::npos);
}

TEST_F(ContactFile, ScenarioWithFileGenerator) {
  auto path = write("scenario.txt", "0 1\n1 2\n");
  Scenario s = small_scenario(3);
  s.contacts.generator = ContactGenerator::File;
  s.contacts.file = path;
  World w(s, 0);
  EXPECT_NE(w.contacts().find(1, 2), nullptr);
  EXPECT_EQ(w.contacts().find(0, 2), nullptr);
  s.population.users = 2;
  EXPECT_THROW(World(s, 0), std::runtime_error);
}

}  // namespace
}  // namespace spoolsim::world_test

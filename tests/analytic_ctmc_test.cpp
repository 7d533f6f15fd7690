// R13: the presence chain and its stationary solution, dense and sparse,
// against closed forms.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "analytic/presence_chain.hpp"

namespace spoolsim::models::analytic {
namespace {

// Independent devices: pi(s) = prod_i (online_i ? b/(a+b) : a/(a+b)).
double product_form(const std::vector<ChainDevice>& d, std::size_t state) {
  double p = 1.0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const double a = d[i].offline_rate, b = d[i].online_rate;
    p *= ((state >> i) & 1U) ? b / (a + b) : a / (a + b);
  }
  return p;
}

// Rates per second spanning minutes to days, distinct per device.
std::vector<ChainDevice> devices(std::size_t k) {
  std::vector<ChainDevice> d;
  for (std::size_t i = 0; i < k; ++i) {
    const double x = static_cast<double>(i);
    d.push_back({1.0 / (600.0 * (1.0 + 3.0 * x)), 1.0 / (3600.0 * (1.0 + 7.0 * x * x))});
  }
  return d;
}

double max_error_against_product(const std::vector<ChainDevice>& d, Solver solver) {
  const auto chain = solve_presence(d, solver);
  double worst = 0.0;
  for (Eigen::Index s = 0; s < chain.stationary.size(); ++s) {
    worst = std::max(worst, std::abs(chain.stationary(s) - product_form(d, static_cast<std::size_t>(s))));
  }
  return worst;
}

class ProductForm : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ProductForm, DenseMatchesClosedForm) {
  EXPECT_LT(max_error_against_product(devices(GetParam()), Solver::Dense), 1e-12);
}

TEST_P(ProductForm, SparseMatchesClosedForm) {
  EXPECT_LT(max_error_against_product(devices(GetParam()), Solver::Sparse), 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Devices, ProductForm, ::testing::Values(1, 2, 3, 5, 7));

TEST(PresenceChain, LargeChainTakesSparsePathAndMatches) {
  const auto d = devices(9);  // 512 states
  const auto chain = solve_presence(d, Solver::Automatic);
  EXPECT_EQ(chain.used, Solver::Sparse);
  double worst = 0.0;
  for (Eigen::Index s = 0; s < chain.stationary.size(); ++s) {
    worst = std::max(worst, std::abs(chain.stationary(s) - product_form(d, static_cast<std::size_t>(s))));
  }
  EXPECT_LT(worst, 1e-12);
  EXPECT_NEAR(chain.stationary.sum(), 1.0, 1e-12);
}

TEST(PresenceChain, SmallChainTakesDensePath) {
  EXPECT_EQ(solve_presence(devices(3)).used, Solver::Dense);
  EXPECT_EQ(solve_presence(devices(7)).used, Solver::Dense);   // 128 states
  EXPECT_EQ(solve_presence(devices(8)).used, Solver::Sparse);  // 256 states
}

TEST(PresenceChain, AllOfflineAndWakeRate) {
  const auto d = devices(4);
  const auto chain = solve_presence(d);
  double p0 = 1.0, nu = 0.0;
  for (const auto& x : d) {
    p0 *= x.offline_rate / (x.offline_rate + x.online_rate);
    nu += x.online_rate;
  }
  EXPECT_NEAR(chain.all_offline, p0, 1e-12);
  EXPECT_NEAR(chain.wake_rate, nu, 1e-15);
}

TEST(PresenceChain, GeneratorRowsSumToZeroAndFlipOneDevice) {
  const auto d = devices(3);
  const auto q = presence_generator(d);
  ASSERT_EQ(q.rows(), 8);
  for (Eigen::Index s = 0; s < 8; ++s) {
    double row = 0.0;
    for (Eigen::Index t = 0; t < 8; ++t) {
      row += q.coeff(s, t);
      const auto diff = static_cast<unsigned>(s ^ t);
      const bool one_flip = diff != 0 && (diff & (diff - 1)) == 0;
      if (s != t && !one_flip) {
        EXPECT_EQ(q.coeff(s, t), 0.0) << s << "->" << t;
      }
    }
    EXPECT_NEAR(row, 0.0, 1e-18);
  }
  EXPECT_DOUBLE_EQ(q.coeff(0b000, 0b010), d[1].online_rate);
  EXPECT_DOUBLE_EQ(q.coeff(0b110, 0b100), d[1].offline_rate);
}

// The solver is not tied to product forms: an M/M/1/K birth-death chain,
// whose stationary law is geometric, through both paths.
TEST(StationaryDistribution, BirthDeathChainMatchesGeometric) {
  const Eigen::Index n = 300;
  const double lambda = 0.7, mu = 1.0;
  std::vector<Eigen::Triplet<double>> e;
  for (Eigen::Index s = 0; s < n; ++s) {
    double out = 0.0;
    if (s + 1 < n) { e.emplace_back(s, s + 1, lambda); out += lambda; }
    if (s > 0) { e.emplace_back(s, s - 1, mu); out += mu; }
    e.emplace_back(s, s, -out);
  }
  Eigen::SparseMatrix<double> q(n, n);
  q.setFromTriplets(e.begin(), e.end());
  const double rho = lambda / mu;
  const double norm = (1.0 - rho) / (1.0 - std::pow(rho, static_cast<double>(n)));
  for (Solver solver : {Solver::Dense, Solver::Sparse}) {
    const auto pi = stationary_distribution(q, solver);
    for (Eigen::Index s = 0; s < n; ++s) {
      EXPECT_NEAR(pi(s), norm * std::pow(rho, static_cast<double>(s)), 1e-12) << "state " << s;
    }
  }
}

TEST(PresenceChain, RejectsBadRatesAndTooManyDevices) {
  std::vector<ChainDevice> bad = {{0.0, 1.0}};
  EXPECT_THROW(presence_generator(bad), std::invalid_argument);
  bad = {{1.0, std::nan("")}};
  EXPECT_THROW(presence_generator(bad), std::invalid_argument);
  EXPECT_THROW(presence_generator({}), std::invalid_argument);
  const auto many = devices(kMaxChainDevices + 1);
  EXPECT_THROW(presence_generator(many), std::invalid_argument);
}

}  // namespace
}  // namespace spoolsim::models::analytic

// R13: the presence chain of one user and its stationary distribution.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <Eigen/Dense>
#include <Eigen/SparseLU>

#include "analytic/presence_chain.hpp"

namespace spoolsim::models::analytic {

namespace {

bool positive_finite(double x) { return std::isfinite(x) && x > 0.0; }

}  // namespace

Eigen::SparseMatrix<double> presence_generator(std::span<const ChainDevice> devices) {
  if (devices.empty()) throw std::invalid_argument("presence chain: a user needs at least one device");
  if (devices.size() > kMaxChainDevices) {
    throw std::invalid_argument("presence chain: " + std::to_string(devices.size()) +
                                " devices per user; at most " + std::to_string(kMaxChainDevices) +
                                " are supported (2^k states)");
  }
  for (std::size_t i = 0; i < devices.size(); ++i) {
    if (!positive_finite(devices[i].offline_rate) || !positive_finite(devices[i].online_rate)) {
      throw std::invalid_argument("presence chain: device " + std::to_string(i) +
                                  " needs positive, finite on/off rates");
    }
  }
  const auto k = devices.size();
  const Eigen::Index n = Eigen::Index{1} << k;
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(static_cast<std::size_t>(n) * (k + 1));
  for (Eigen::Index s = 0; s < n; ++s) {
    double out = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      const Eigen::Index bit = Eigen::Index{1} << i;
      // Devices move independently: one flips at a time.
      const double rate = (s & bit) ? devices[i].offline_rate : devices[i].online_rate;
      entries.emplace_back(s, s ^ bit, rate);
      out += rate;
    }
    entries.emplace_back(s, s, -out);
  }
  Eigen::SparseMatrix<double> q(n, n);
  q.setFromTriplets(entries.begin(), entries.end());
  q.makeCompressed();
  return q;
}

Eigen::VectorXd stationary_distribution(const Eigen::SparseMatrix<double>& generator,
                                        Solver solver) {
  const Eigen::Index n = generator.rows();
  if (n == 0 || generator.cols() != n) {
    throw std::invalid_argument("stationary distribution: the generator must be square and non-empty");
  }
  // pi is invariant under scaling Q; scaling by the largest exit rate keeps
  // entries near 1 next to the normalisation row of ones (conditioning).
  double scale = 0.0;
  for (Eigen::Index s = 0; s < n; ++s) scale = std::max(scale, std::abs(generator.coeff(s, s)));
  if (!positive_finite(scale)) throw std::invalid_argument("stationary distribution: generator has no transitions");

  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  b(n - 1) = 1.0;
  if (solver == Solver::Automatic) {
    solver = static_cast<std::size_t>(n) <= kDenseStateLimit ? Solver::Dense : Solver::Sparse;
  }
  Eigen::VectorXd pi;
  if (solver == Solver::Dense) {
    Eigen::MatrixXd a = Eigen::MatrixXd(generator.transpose()) / scale;
    a.row(n - 1).setOnes();
    pi = a.fullPivLu().solve(b);
  } else {
    // Transpose, drop the last equation, append the normalisation row.
    std::vector<Eigen::Triplet<double>> entries;
    entries.reserve(static_cast<std::size_t>(generator.nonZeros() + n));
    for (Eigen::Index col = 0; col < generator.outerSize(); ++col) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(generator, col); it; ++it) {
        // Q(row, col) becomes A(col, row).
        if (it.col() != n - 1) entries.emplace_back(it.col(), it.row(), it.value() / scale);
      }
    }
    for (Eigen::Index s = 0; s < n; ++s) entries.emplace_back(n - 1, s, 1.0);
    Eigen::SparseMatrix<double> a(n, n);
    a.setFromTriplets(entries.begin(), entries.end());
    a.makeCompressed();
    Eigen::SparseLU<Eigen::SparseMatrix<double>, Eigen::COLAMDOrdering<int>> lu;
    lu.analyzePattern(a);
    lu.factorize(a);
    if (lu.info() != Eigen::Success) {
      throw std::runtime_error("stationary distribution: SparseLU factorisation failed (" +
                               lu.lastErrorMessage() + ")");
    }
    pi = lu.solve(b);
    if (lu.info() != Eigen::Success) throw std::runtime_error("stationary distribution: SparseLU solve failed");
  }
  if (!pi.allFinite()) throw std::runtime_error("stationary distribution: solution is not finite (reducible chain?)");
  return pi;
}

PresenceChain solve_presence(std::span<const ChainDevice> devices, Solver solver) {
  const auto q = presence_generator(devices);
  PresenceChain chain;
  chain.used = solver != Solver::Automatic
                   ? solver
                   : (static_cast<std::size_t>(q.rows()) <= kDenseStateLimit ? Solver::Dense : Solver::Sparse);
  chain.stationary = stationary_distribution(q, chain.used);
  chain.all_offline = chain.stationary(0);
  chain.wake_rate = -q.coeff(0, 0);  // from all-offline only connects can happen
  return chain;
}

}  // namespace spoolsim::models::analytic

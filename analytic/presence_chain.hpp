// R13: the presence chain itself, with Eigen types. Included by this
// library's sources and its tests only; analytic.hpp stays free of Eigen.
#pragma once
#include <span>

#include <Eigen/SparseCore>

#include "analytic/analytic.hpp"

namespace spoolsim::models::analytic {

// Generator Q of the presence chain: state s has bit i set iff device i is
// online; rows sum to zero. Throws std::invalid_argument on more than
// kMaxChainDevices devices or a rate that is not positive and finite.
Eigen::SparseMatrix<double> presence_generator(std::span<const ChainDevice> devices);

// pi Q = 0, sum(pi) = 1, for an irreducible generator (docs/dependencies.md recipe:
// transpose, replace one equation by the normalisation row). Throws
// std::runtime_error when the factorisation fails.
Eigen::VectorXd stationary_distribution(const Eigen::SparseMatrix<double>& generator,
                                        Solver solver = Solver::Automatic);

struct PresenceChain {
  Eigen::VectorXd stationary;  // indexed by state
  double all_offline = 0.0;    // stationary mass of state 0
  double wake_rate = 0.0;      // total rate out of state 0 (nu), per second
  Solver used = Solver::Dense;
};
PresenceChain solve_presence(std::span<const ChainDevice> devices, Solver solver = Solver::Automatic);

}  // namespace spoolsim::models::analytic

// How a strategy file adds itself to the strategy table (R8): at namespace
// scope, one
//
//   const StrategyRegistration kRegistration{
//       {.name = "my_strategy", .description = "...", .releases = "proposed, no release"},
//       [] { return std::unique_ptr<Strategy>(std::make_unique<MyStrategy>()); }};
//
// Its name then works in scenario files, --strategies, reports and the
// dashboard, and make_strategy() builds it. Like the table, the factories are
// an inline function's static: a strategy object file needs no symbol from a
// library, so it registers wherever it is linked (models/CMakeLists.txt links
// this folder whole).
#pragma once
#include <array>
#include <memory>

#include "models/inputs/strategy_table.hpp"
#include "models/server/strategies/strategy.hpp"

namespace spoolsim::models {

using StrategyFactory = std::unique_ptr<Strategy> (*)();

namespace detail {
inline std::array<StrategyFactory, kMaxStrategies>& strategy_factories() {
  static std::array<StrategyFactory, kMaxStrategies> factories{};
  return factories;
}
}  // namespace detail

struct StrategyRegistration {
  // A new strategy: handed the next free StrategyKind.
  StrategyRegistration(const StrategyInfo& info, StrategyFactory make) : StrategyRegistration(info, make, nullptr) {}
  // One of the five of R8, with its fixed enumerator.
  StrategyRegistration(StrategyKind builtin, const StrategyInfo& info, StrategyFactory make)
      : StrategyRegistration(info, make, &builtin) {}

  StrategyKind kind;

 private:
  StrategyRegistration(const StrategyInfo& info, StrategyFactory make, const StrategyKind* builtin)
      : kind(add_strategy(info, builtin)) {
    detail::strategy_factories()[static_cast<std::size_t>(kind)] = make;
  }
};

}  // namespace spoolsim::models

// R8: the table of Bind2 offline strategies. Unlike the other enums it is
// filled at static initialisation: each file in models/server/strategies/
// registers its strategy (name, description, releases, factory) through
// models/server/strategies/registry.hpp, so adding a strategy is one file.
//
// The storage is an inline function's static, so a strategy object file needs
// no symbol from any library to register (the strategies library is linked
// whole, see models/CMakeLists.txt). Nothing may read the table before main():
// registrations from other files may not have run yet.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace spoolsim::models {

// The five strategies of R8 keep fixed values (reports list them in this
// order, so JSON stays the same); a registered strategy is handed the next
// free value after them.
enum class StrategyKind : std::uint8_t { Deliver, PurgeAll, PurgeIfArchiving, PurgeArchived, Deferred };
inline constexpr int kBuiltinStrategyCount = 5;
// Values stay below this, so per-strategy arrays can be indexed by kind.
inline constexpr int kMaxStrategies = 32;
static_assert(kMaxStrategies <= 256, "StrategyKind is 8 bits (spool traces store it in one byte)");

struct StrategyInfo {
  StrategyKind value{};
  const char* name = "";         // stable: scenario files, reports, JSON, traces
  const char* description = "";  // what it does at a Bind2 bind, one line
  const char* releases = "";     // which server releases run it
  std::uint32_t colour_rgb = 0;  // dashboard colour 0xRRGGBB; 0: one from the dashboard's palette
};

struct StrategyTable {
  const char* noun = "strategy";
  std::vector<StrategyInfo> entries;  // ordered by value
};

namespace detail {
inline StrategyTable& strategy_table_storage() {
  static StrategyTable table;
  return table;
}
}  // namespace detail

// Every registered strategy, the five built-in ones first in enum order.
inline const StrategyTable& enum_table(StrategyKind) { return detail::strategy_table_storage(); }

inline int strategy_count() { return static_cast<int>(detail::strategy_table_storage().entries.size()); }

inline const StrategyInfo* find_strategy(StrategyKind kind) {
  for (const StrategyInfo& s : detail::strategy_table_storage().entries)
    if (s.value == kind) return &s;
  return nullptr;
}

// Adds a strategy and returns its value: `builtin` for the five of R8,
// otherwise the next free value. A duplicate name or value is a programming
// error found at start-up (before main, so it cannot throw).
inline StrategyKind add_strategy(StrategyInfo info, const StrategyKind* builtin) {
  auto& entries = detail::strategy_table_storage().entries;
  if (builtin != nullptr) {
    info.value = *builtin;
  } else {
    int next = kBuiltinStrategyCount;
    for (const StrategyInfo& s : entries) next = std::max(next, static_cast<int>(s.value) + 1);
    info.value = static_cast<StrategyKind>(next);
    if (next >= kMaxStrategies) {
      std::fprintf(stderr, "spoolsim: strategy \"%s\": more than %d strategies\n", info.name, kMaxStrategies);
      std::abort();
    }
  }
  for (const StrategyInfo& s : entries) {
    if (std::string_view(s.name) == info.name || s.value == info.value) {
      std::fprintf(stderr, "spoolsim: strategy \"%s\" registered twice (name or value %d taken by \"%s\")\n",
                   info.name, static_cast<int>(info.value), s.name);
      std::abort();
    }
  }
  const auto at = std::find_if(entries.begin(), entries.end(),
                               [&](const StrategyInfo& s) { return s.value > info.value; });
  entries.insert(at, info);
  return info.value;
}

}  // namespace spoolsim::models

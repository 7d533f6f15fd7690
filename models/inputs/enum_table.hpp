// One table per enum: every stable name (scenario files, reports, JSON,
// traces) and its one-line description is written once, in the enum's own
// room, and names, parsing, error hints and reports all read it.
//
// A room declares, next to its enum E,
//   EnumTable<E> enum_table(E);          // found by argument-dependent lookup
// and the helpers below work for every such enum. Changing a name is a
// file-format change.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spoolsim::models {

template <class E>
struct EnumEntry {
  E value;
  const char* name;         // stable, lower_snake_case
  const char* description;  // one line, for help texts and docs
};

template <class E>
struct EnumTable {
  const char* noun;  // what a value is called in errors ("auth mode")
  std::span<const EnumEntry<E>> entries;
};

// For the static_asserts next to each table: it lists every value once, in
// declaration order, so a value indexes its entry and per-value arrays.
template <class E, std::size_t N>
constexpr bool lists_in_order(const EnumEntry<E> (&table)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (static_cast<std::size_t>(table[i].value) != i) return false;
  return true;
}

template <class E>
const char* enum_name(E value) {
  const auto& table = enum_table(E{});
  for (const auto& e : table.entries)
    if (e.value == value) return e.name;
  return "unknown";
}

template <class E>
bool parse_enum(std::string_view name, E& out) {
  const auto& table = enum_table(E{});
  for (const auto& e : table.entries) {
    if (name == e.name) {
      out = e.value;
      return true;
    }
  }
  return false;
}

// The names in table order (for "allowed: ..." hints).
template <class E>
std::vector<std::string> enum_names() {
  std::vector<std::string> out;
  const auto& table = enum_table(E{});
  for (const auto& e : table.entries) out.emplace_back(e.name);
  return out;
}

template <class E>
std::size_t enum_count() {
  return enum_table(E{}).entries.size();
}

}  // namespace spoolsim::models

// Open-addressing hash map from a 32-bit id to a small record, with
// backward-shift deletion: memory follows the number of live entries and
// nothing is allocated per insertion once grown. Iteration order depends only
// on the sequence of operations, so runs stay deterministic.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace spoolsim::models {

template <class V>
class FlatMap {
 public:
  static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();

  FlatMap() { rehash(16); }

  std::size_t size() const { return size_; }

  V* find(std::uint32_t key) {
    std::size_t i = slot(key);
    while (keys_[i] != kEmpty) {
      if (keys_[i] == key) return &values_[i];
      i = (i + 1) & mask_;
    }
    return nullptr;
  }
  const V* find(std::uint32_t key) const { return const_cast<FlatMap*>(this)->find(key); }

  // Inserts key (must be absent and != kEmpty) with a default value.
  V& insert(std::uint32_t key) {
    if ((size_ + 1) * 2 > keys_.size()) rehash(keys_.size() * 2);
    std::size_t i = slot(key);
    while (keys_[i] != kEmpty) i = (i + 1) & mask_;
    keys_[i] = key;
    values_[i] = V{};
    ++size_;
    return values_[i];
  }

  void erase(std::uint32_t key) {
    std::size_t i = slot(key);
    while (keys_[i] != key) {
      if (keys_[i] == kEmpty) return;
      i = (i + 1) & mask_;
    }
    // Backward shift: pull later entries of the probe run into the hole.
    std::size_t hole = i;
    std::size_t j = i;
    for (;;) {
      j = (j + 1) & mask_;
      if (keys_[j] == kEmpty) break;
      const std::size_t home = slot(keys_[j]);
      const bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys_[hole] = keys_[j];
        values_[hole] = values_[j];
        hole = j;
      }
    }
    keys_[hole] = kEmpty;
    --size_;
  }

  // Calls f(key, value) for every entry; f must not insert or erase.
  template <class F>
  void for_each(F&& f) {
    for (std::size_t i = 0; i < keys_.size(); ++i)
      if (keys_[i] != kEmpty) f(keys_[i], values_[i]);
  }

 private:
  std::size_t slot(std::uint32_t key) const {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  void rehash(std::size_t capacity) {
    std::vector<std::uint32_t> old_keys = std::move(keys_);
    std::vector<V> old_values = std::move(values_);
    keys_.assign(capacity, kEmpty);
    values_.assign(capacity, V{});
    mask_ = capacity - 1;
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (std::size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] == kEmpty) continue;
      std::size_t k = slot(old_keys[i]);
      while (keys_[k] != kEmpty) k = (k + 1) & mask_;
      keys_[k] = old_keys[i];
      values_[k] = old_values[i];
      ++size_;
    }
  }

  std::vector<std::uint32_t> keys_;
  std::vector<V> values_;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace spoolsim::models

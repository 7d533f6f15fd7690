// Many small FIFO lists (one per user or device) sharing one node pool with a
// free list: no heap allocation per message once the pool has grown
// (architecture: hot paths are plain). Used for spools and unacked queues.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

namespace spoolsim::models {

template <class T>
class FifoLists {
 public:
  static constexpr std::uint32_t kNil = std::numeric_limits<std::uint32_t>::max();

  explicit FifoLists(std::size_t lists = 0) : lists_(lists) {}

  std::uint32_t size(std::size_t list) const { return lists_[list].count; }
  bool empty(std::size_t list) const { return lists_[list].count == 0; }
  const T& front(std::size_t list) const { return nodes_[lists_[list].head].value; }

  void push_back(std::size_t list, const T& value) {
    std::uint32_t n;
    if (free_ != kNil) {
      n = free_;
      free_ = nodes_[n].next;
      nodes_[n] = Node{value, kNil};
    } else {
      n = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back(Node{value, kNil});
    }
    List& l = lists_[list];
    if (l.tail == kNil) l.head = n; else nodes_[l.tail].next = n;
    l.tail = n;
    ++l.count;
  }

  T pop_front(std::size_t list) {
    List& l = lists_[list];
    const std::uint32_t n = l.head;
    T value = nodes_[n].value;
    l.head = nodes_[n].next;
    if (l.head == kNil) l.tail = kNil;
    --l.count;
    release(n);
    return value;
  }

  template <class F>
  void for_each(std::size_t list, F&& f) const {
    for (std::uint32_t n = lists_[list].head; n != kNil; n = nodes_[n].next) f(nodes_[n].value);
  }

  // Removes, oldest first, every value for which remove(value) is true;
  // `remove` is called exactly once per value, in list order.
  template <class Pred>
  void remove_if(std::size_t list, Pred&& remove) {
    List& l = lists_[list];
    std::uint32_t prev = kNil;
    std::uint32_t n = l.head;
    while (n != kNil) {
      const std::uint32_t next = nodes_[n].next;
      if (remove(nodes_[n].value)) {
        if (prev == kNil) l.head = next; else nodes_[prev].next = next;
        if (l.tail == n) l.tail = prev;
        --l.count;
        release(n);
      } else {
        prev = n;
      }
      n = next;
    }
  }

  // Moves a whole list out (for termination of a session's queue).
  template <class F>
  void drain(std::size_t list, F&& f) {
    while (!empty(list)) f(pop_front(list));
  }

 private:
  struct Node {
    T value;
    std::uint32_t next;
  };
  struct List {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    std::uint32_t count = 0;
  };

  void release(std::uint32_t n) {
    nodes_[n].next = free_;
    free_ = n;
  }

  std::vector<List> lists_;
  std::vector<Node> nodes_;
  std::uint32_t free_ = kNil;
};

}  // namespace spoolsim::models

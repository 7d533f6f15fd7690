// The in-memory spool backend: per host, a hash map from user id to that
// user's list of rows (memory follows the users seen, not the largest id);
// every row of every user lives in one arena, linked newest first, freed rows
// reused. A user's whole spool is removed in O(1) without touching its rows
// (its list becomes one more chain of free rows; its row and byte counts are
// kept with the list), and no user owns an array of its own, so a million
// users cost one allocation pattern, not a million. The xml is not kept, only
// its length: the row's content is a function of (host, user, bytes)
// (spool_row_xml).
//
// Speed at 10^6 users is cache misses: an operation on a scattered user
// touches its index entry (one miss) and, for an insert, the row it fills,
// which is the head of the free rows and was prefetched by the previous
// insert. Nothing else: no tail row is linked (newest first) and no freed
// list is walked or spliced.
#include <algorithm>
#include <unordered_map>
#include <utility>

#include "sim/calendar.hpp"  // detail::LargePageAllocator
#include "sim/mix64.hpp"

#include "replay/spool_backend.hpp"

namespace spoolsim::models {
namespace {

constexpr std::uint32_t kNone = ~std::uint32_t{0};

struct MemoryRow {
  sim::Time created_at;
  std::uint64_t bytes;
  std::uint32_t next;  // the user's next older row, or the next free row
};

struct UserRows {
  std::uint32_t head = kNone;  // newest row
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

// Open addressing with linear probing: one array, no node per user (a node
// map's lookup was the cost at 10^6 users). Users are never erased, only
// emptied, so no tombstones.
class UserIndex {
 public:
  struct Entry {
    UserId user = 0;
    bool used = false;
    UserRows rows;
  };
  UserRows& operator[](UserId user) {
    if (2 * (size_ + 1) > entries_.size()) grow();
    Entry& e = entries_[probe(user)];
    if (!e.used) {
      e.used = true;
      e.user = user;
      ++size_;
    }
    return e.rows;
  }
  const UserRows* find(UserId user) const {
    if (entries_.empty()) return nullptr;
    const Entry& e = entries_[probe(user)];
    return e.used ? &e.rows : nullptr;
  }
  UserRows* find(UserId user) { return const_cast<UserRows*>(std::as_const(*this).find(user)); }
  // 2 MiB pages: at 10^6 users the index is 64 MiB read at random, and on
  // 4 KiB pages every probe would also miss the TLB.
  using Entries = std::vector<Entry, sim::detail::LargePageAllocator<Entry>>;
  Entries& entries() { return entries_; }
  const Entries& entries() const { return entries_; }
  std::size_t size() const { return size_; }

 private:
  std::size_t probe(UserId user) const {
    const std::size_t mask = entries_.size() - 1;
    std::size_t i = static_cast<std::size_t>(sim::mix64(user)) & mask;
    while (entries_[i].used && entries_[i].user != user) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    Entries old = std::move(entries_);
    entries_.assign(std::max<std::size_t>(16, 2 * old.size()), Entry{});
    for (const Entry& e : old)
      if (e.used) entries_[probe(e.user)] = e;
  }
  Entries entries_;  // size a power of two, at most half full
  std::size_t size_ = 0;
};

struct HostSpool {
  std::string name;
  UserIndex users;
};

class MemorySpoolBackend final : public SpoolBackend {
 public:
  std::string name() const override { return "memory"; }

  HostId add_host(std::string_view host) override {
    const auto [it, added] = host_ids_.emplace(std::string(host), static_cast<HostId>(hosts_.size()));
    if (added) hosts_.push_back(HostSpool{std::string(host), {}});
    return it->second;
  }

  void insert(HostId host, UserId user, sim::Time created_at, std::uint64_t bytes) override {
    UserRows& u = spool(host).users[user];
    if (free_ == kNone && !free_chains_.empty()) {
      free_ = free_chains_.back();
      free_chains_.pop_back();
    }
    std::uint32_t row;
    if (free_ != kNone) {
      row = free_;
      free_ = arena_[row].next;
      arena_[row] = MemoryRow{created_at, bytes, u.head};
      // The row the next insert takes: its link is read then, on a line no
      // one has touched since its user's removal.
      const std::uint32_t next = free_ != kNone ? free_ : free_chains_.empty() ? kNone : free_chains_.back();
      if (next != kNone) __builtin_prefetch(&arena_[next], 1);
    } else {
      if (arena_.size() >= kNone) throw SpoolBackendError("memory spool: more than 2^32 - 1 rows");
      row = static_cast<std::uint32_t>(arena_.size());
      arena_.push_back(MemoryRow{created_at, bytes, u.head});
    }
    u.head = row;
    ++u.rows;
    u.bytes += bytes;
    ++rows_;
    bytes_ += bytes;
  }

  SpoolRemoved pop_all(HostId host, UserId user) override { return remove_user(host, user); }
  SpoolRemoved delete_all(HostId host, UserId user) override { return remove_user(host, user); }

  std::uint64_t count(HostId host, UserId user) override {
    const UserRows* u = spool(host).users.find(user);
    return u == nullptr ? 0 : u->rows;
  }

  SpoolRemoved delete_expired(sim::Time cutoff) override {
    SpoolRemoved removed;
    for (auto& h : hosts_)
      for (auto& entry : h.users.entries()) {
        if (!entry.used) continue;
        UserRows& u = entry.rows;
        std::uint32_t prev = kNone;
        for (std::uint32_t r = u.head; r != kNone;) {
          const std::uint32_t next = arena_[r].next;
          if (arena_[r].created_at < cutoff) {
            ++removed.rows;
            removed.bytes += arena_[r].bytes;
            --u.rows;
            u.bytes -= arena_[r].bytes;
            if (prev == kNone) u.head = next;
            else arena_[prev].next = next;
            arena_[r].next = free_;
            free_ = r;
          } else {
            prev = r;
          }
          r = next;
        }
      }
    rows_ -= removed.rows;
    bytes_ -= removed.bytes;
    return removed;
  }

  std::vector<SpoolRow> rows() override {
    std::vector<SpoolRow> out;
    out.reserve(static_cast<std::size_t>(rows_));
    std::vector<std::size_t> order(hosts_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return hosts_[a].name < hosts_[b].name; });
    for (std::size_t h : order) {
      std::vector<UserId> users;
      users.reserve(hosts_[h].users.size());
      for (const auto& entry : hosts_[h].users.entries())
        if (entry.used && entry.rows.rows != 0) users.push_back(entry.user);
      std::sort(users.begin(), users.end());
      for (UserId u : users) {
        const std::size_t first = out.size();
        for (std::uint32_t r = hosts_[h].users.find(u)->head; r != kNone; r = arena_[r].next)
          out.push_back(SpoolRow{hosts_[h].name, u, arena_[r].created_at, arena_[r].bytes});
        std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());  // seq order
      }
    }
    return out;
  }

  std::uint64_t row_count() override { return rows_; }
  // A row stores its time and length (16 bytes, as before the arena; the link is bookkeeping).
  std::uint64_t size_bytes() override { return bytes_ + rows_ * (sizeof(sim::Time) + sizeof(std::uint64_t)); }

 private:
  HostSpool& spool(HostId host) {
    if (host >= hosts_.size()) throw SpoolBackendError("memory spool: unknown host id " + std::to_string(host));
    return hosts_[host];
  }

  SpoolRemoved remove_user(HostId host, UserId user) {
    auto& users = spool(host).users;
    SpoolRemoved removed;
    UserRows* found = users.find(user);
    if (found == nullptr) return removed;
    UserRows& u = *found;
    if (u.rows == 0) return removed;
    removed.rows = u.rows;
    removed.bytes = u.bytes;
    free_chains_.push_back(u.head);  // the list, as it is, becomes free rows
    u = UserRows{};
    rows_ -= removed.rows;
    bytes_ -= removed.bytes;
    return removed;
  }

  std::vector<HostSpool> hosts_;
  std::vector<MemoryRow, sim::detail::LargePageAllocator<MemoryRow>> arena_;  // every row of every host and user
  std::uint32_t free_ = kNone;    // free rows, linked through next; taken first
  std::vector<std::uint32_t> free_chains_;  // heads of removed users' lists, free as they are
  std::unordered_map<std::string, HostId> host_ids_;
  std::uint64_t rows_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace

std::unique_ptr<SpoolBackend> make_memory_spool_backend() { return std::make_unique<MemorySpoolBackend>(); }

}  // namespace spoolsim::models

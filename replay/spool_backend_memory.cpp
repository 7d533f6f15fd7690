// The in-memory spool backend: per host, one array of rows per user (a hash
// map by user id: memory follows the users seen, not the largest id), rows in
// seq order. The xml is not kept, only its length: the
// row's content is a function of (host, user, bytes) (spool_row_xml).
#include <algorithm>
#include <unordered_map>

#include "replay/spool_backend.hpp"

namespace spoolsim::models {
namespace {

struct MemoryRow {
  sim::Time created_at;
  std::uint64_t bytes;
};

struct HostSpool {
  std::string name;
  std::unordered_map<UserId, std::vector<MemoryRow>> users;  // capacity kept after a pop
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
    spool(host).users[user].push_back(MemoryRow{created_at, bytes});
    ++rows_;
    bytes_ += bytes;
  }

  SpoolRemoved pop_all(HostId host, UserId user) override { return remove_user(host, user); }
  SpoolRemoved delete_all(HostId host, UserId user) override { return remove_user(host, user); }

  std::uint64_t count(HostId host, UserId user) override {
    const auto& users = spool(host).users;
    const auto it = users.find(user);
    return it == users.end() ? 0 : it->second.size();
  }

  SpoolRemoved delete_expired(sim::Time cutoff) override {
    SpoolRemoved removed;
    for (auto& h : hosts_)
      for (auto& [user, rows] : h.users) {
        auto keep = std::remove_if(rows.begin(), rows.end(), [&](const MemoryRow& r) {
          if (r.created_at >= cutoff) return false;
          ++removed.rows;
          removed.bytes += r.bytes;
          return true;
        });
        rows.erase(keep, rows.end());
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
      for (const auto& [user, rows] : hosts_[h].users)
        if (!rows.empty()) users.push_back(user);
      std::sort(users.begin(), users.end());
      for (UserId u : users)
        for (const auto& r : hosts_[h].users.at(u)) out.push_back(SpoolRow{hosts_[h].name, u, r.created_at, r.bytes});
    }
    return out;
  }

  std::uint64_t row_count() override { return rows_; }
  std::uint64_t size_bytes() override { return bytes_ + rows_ * sizeof(MemoryRow); }

 private:
  HostSpool& spool(HostId host) {
    if (host >= hosts_.size()) throw SpoolBackendError("memory spool: unknown host id " + std::to_string(host));
    return hosts_[host];
  }

  SpoolRemoved remove_user(HostId host, UserId user) {
    auto& users = spool(host).users;
    SpoolRemoved removed;
    const auto it = users.find(user);
    if (it == users.end()) return removed;
    auto& rows = it->second;
    removed.rows = rows.size();
    for (const auto& r : rows) removed.bytes += r.bytes;
    rows.clear();
    rows_ -= removed.rows;
    bytes_ -= removed.bytes;
    return removed;
  }

  std::vector<HostSpool> hosts_;
  std::unordered_map<std::string, HostId> host_ids_;
  std::uint64_t rows_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace

std::unique_ptr<SpoolBackend> make_memory_spool_backend() { return std::make_unique<MemorySpoolBackend>(); }

}  // namespace spoolsim::models

// Spool trace files: header, varint records, trailer with count and checksum
// (docs/spool-backends.md, "Trace format").
#include "replay/spool_trace_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace spoolsim::models {
namespace {

constexpr std::array<unsigned char, 8> kMagic = {'S', 'P', 'L', 'T', 'R', 'A', 'C', 'E'};
constexpr unsigned char kVersion = 1;
constexpr unsigned char kTrailerTag = 0xFF;
constexpr unsigned char kKindMask = 0x07;
constexpr unsigned char kReplicationFlag = 0x08;
constexpr std::size_t kBufferSize = 1 << 16;
constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

void put_varint(std::vector<unsigned char>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<unsigned char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<unsigned char>(v));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ (v < 0 ? ~std::uint64_t{0} : 0);
}
std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

std::string io_error(const std::string& what, const std::string& path) {
  return "spool trace '" + path + "': " + what + ": " + std::strerror(errno);
}

}  // namespace

// ---- writer ----

SpoolTraceWriter::SpoolTraceWriter(const std::string& path, StrategyKind strategy)
    : path_(path), checksum_(kFnvOffset) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw SpoolTraceError(io_error("cannot create", path));
  buffer_.reserve(kBufferSize + 64);
  buffer_.insert(buffer_.end(), kMagic.begin(), kMagic.end());
  buffer_.push_back(kVersion);
  buffer_.push_back(static_cast<unsigned char>(strategy));
  const std::string name = to_string(strategy);
  buffer_.push_back(static_cast<unsigned char>(name.size()));
  buffer_.insert(buffer_.end(), name.begin(), name.end());
}

SpoolTraceWriter::~SpoolTraceWriter() {
  try {
    close();
  } catch (const SpoolTraceError&) {
    // Destructors must not throw; close() explicitly to see the error.
  }
}

void SpoolTraceWriter::write(std::uint32_t replication, const SpoolOperation& op) {
  if (!file_) throw SpoolTraceError("spool trace '" + path_ + "': write after close");
  const std::size_t start = buffer_.size();
  unsigned char tag = static_cast<unsigned char>(static_cast<unsigned char>(op.kind) & kKindMask);
  const bool new_replication = replication != replication_;
  if (new_replication) tag |= kReplicationFlag;
  buffer_.push_back(tag);
  if (new_replication) put_varint(buffer_, replication);
  // Wrapping difference: defined for any two times; the reader refuses a
  // delta whose sum leaves the 64-bit clock.
  const auto delta = static_cast<std::int64_t>(static_cast<std::uint64_t>(op.time) - static_cast<std::uint64_t>(last_time_));
  put_varint(buffer_, zigzag(delta));
  put_varint(buffer_, op.user);
  put_varint(buffer_, op.rows);
  put_varint(buffer_, op.bytes);
  for (std::size_t i = start; i < buffer_.size(); ++i) checksum_ = (checksum_ ^ buffer_[i]) * kFnvPrime;
  replication_ = replication;
  last_time_ = op.time;
  ++records_;
  if (buffer_.size() >= kBufferSize) flush_buffer();
}

void SpoolTraceWriter::flush_buffer() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    throw SpoolTraceError(io_error("write failed", path_));
  buffer_.clear();
}

void SpoolTraceWriter::close() {
  if (!file_) return;
  buffer_.push_back(kTrailerTag);
  put_varint(buffer_, records_);
  for (int i = 0; i < 8; ++i) buffer_.push_back(static_cast<unsigned char>(checksum_ >> (8 * i)));
  std::FILE* f = file_;
  try {
    flush_buffer();
  } catch (...) {
    file_ = nullptr;
    std::fclose(f);
    throw;
  }
  file_ = nullptr;
  if (std::fclose(f) != 0) throw SpoolTraceError(io_error("close failed", path_));
}

// ---- reader ----

SpoolTraceReader::SpoolTraceReader(const std::string& path) : path_(path), checksum_(kFnvOffset) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) throw SpoolTraceError("spool trace '" + path + "': is a directory, not a trace file");
  if (fs::exists(st) && !fs::is_regular_file(st))
    throw SpoolTraceError("spool trace '" + path + "': not a regular file (a FIFO, device or socket)");
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw SpoolTraceError(io_error("cannot open", path));
  file_size_ = fs::file_size(path, ec);
  if (ec) file_size_ = 0;
  read_header_or_close();
}

SpoolTraceReader::SpoolTraceReader(std::FILE* file, std::string name, std::uint64_t size)
    : path_(std::move(name)), file_(file), file_size_(size), checksum_(kFnvOffset) {
  if (!file_) throw SpoolTraceError("spool trace '" + path_ + "': no stream");
  read_header_or_close();
}

// A constructor that throws runs no destructor: close the stream here, or
// every refused file would keep its descriptor (found by fuzz_trace_reader,
// whose every input then looked like a leak).
void SpoolTraceReader::read_header_or_close() {
  try {
    read_header();
  } catch (...) {
    std::fclose(file_);
    file_ = nullptr;
    throw;
  }
}

void SpoolTraceReader::read_header() {
  buffer_.reserve(kBufferSize);
  for (std::size_t i = 0; i < kMagic.size(); ++i)
    if (byte() != kMagic[i]) corrupt("not a spool trace (bad magic; expected a file written by --spool-trace)");
  const int version = byte();
  if (version != kVersion)
    corrupt(version < 0 ? "truncated header" : "unsupported version " + std::to_string(version) + " (expected 1)");
  const int strategy = byte();
  if (strategy < 0 || find_strategy(static_cast<StrategyKind>(strategy)) == nullptr)
    corrupt("bad strategy code " + std::to_string(strategy));
  strategy_ = static_cast<StrategyKind>(strategy);
  const int name_length = byte();
  if (name_length < 0) corrupt("truncated header");
  std::string name;
  for (int i = 0; i < name_length; ++i) {
    const int c = byte();
    if (c < 0) corrupt("truncated header");
    name.push_back(static_cast<char>(c));
  }
  if (name != to_string(strategy_))
    corrupt("strategy name '" + name + "' does not match its code (" + to_string(strategy_) + ")");
}

SpoolTraceReader::~SpoolTraceReader() {
  if (file_) std::fclose(file_);
}

int SpoolTraceReader::byte() {
  if (buffer_pos_ == buffer_.size()) {
    buffer_.resize(kBufferSize);
    const std::size_t n = std::fread(buffer_.data(), 1, kBufferSize, file_);
    buffer_.resize(n);
    buffer_pos_ = 0;
    if (n == 0) return -1;
  }
  ++offset_;
  return buffer_[buffer_pos_++];
}

std::uint64_t SpoolTraceReader::varint(const char* field) {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const int c = byte();
    if (c < 0) corrupt(std::string("truncated in ") + field + " (no trailer: was the run interrupted?)");
    checksum_ = (checksum_ ^ static_cast<unsigned char>(c)) * kFnvPrime;
    v |= static_cast<std::uint64_t>(c & 0x7F) << shift;
    if (!(c & 0x80)) return v;
  }
  corrupt(std::string("overlong varint in ") + field);
}

void SpoolTraceReader::corrupt(const std::string& what) const {
  throw SpoolTraceError("spool trace '" + path_ + "' corrupt at byte " + std::to_string(offset_) + ": " + what);
}

bool SpoolTraceReader::next(SpoolTraceRecord& record) {
  if (done_) return false;
  const int tag = byte();
  if (tag < 0) corrupt("truncated: no trailer (was the run interrupted?)");
  if (tag == kTrailerTag) {
    // The trailer's own bytes are not in the checksum.
    const std::uint64_t sum = checksum_;
    const std::uint64_t count = varint("trailer count");
    std::uint64_t stored = 0;
    for (int i = 0; i < 8; ++i) {
      const int c = byte();
      if (c < 0) corrupt("truncated trailer");
      stored |= static_cast<std::uint64_t>(c) << (8 * i);
    }
    if (count != records_)
      corrupt("trailer says " + std::to_string(count) + " records, read " + std::to_string(records_));
    if (stored != sum) corrupt("checksum mismatch");
    if (byte() >= 0) corrupt("data after the trailer");
    done_ = true;
    return false;
  }
  checksum_ = (checksum_ ^ static_cast<unsigned char>(tag)) * kFnvPrime;
  if ((tag & ~(kKindMask | kReplicationFlag)) != 0 || (tag & kKindMask) >= kStoreOpCount)
    corrupt("bad record tag " + std::to_string(tag));
  record.op.kind = static_cast<StoreOp>(tag & kKindMask);
  if (tag & kReplicationFlag) {
    const std::uint64_t rep = varint("replication");
    if (rep > UINT32_MAX) corrupt("replication out of range");
    replication_ = static_cast<std::uint32_t>(rep);
  }
  // A delta that overflows the 64-bit clock would be undefined behaviour.
  if (__builtin_add_overflow(last_time_, unzigzag(varint("time")), &last_time_)) corrupt("time out of range");
  const std::uint64_t user = varint("user");
  const std::uint64_t rows = varint("rows");
  if (user > UINT32_MAX) corrupt("user id out of range");
  if (rows > UINT32_MAX) corrupt("row count out of range");
  record.op.bytes = varint("bytes");
  record.op.time = last_time_;
  record.op.user = static_cast<UserId>(user);
  record.op.rows = static_cast<std::uint32_t>(rows);
  record.replication = replication_;
  ++records_;
  return true;
}

SpoolTraceContents read_spool_trace(const std::string& path) {
  SpoolTraceReader reader(path);
  SpoolTraceContents contents;
  contents.strategy = reader.strategy();
  SpoolTraceRecord r;
  while (reader.next(r)) contents.records.push_back(r);
  return contents;
}

std::vector<std::string> list_spool_traces(const std::string& path) {
  namespace fs = std::filesystem;
  // Every query takes an error code: a symlink loop or an unreadable entry is
  // a bad input (exit 2), never a filesystem_error escaping as exit 3.
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) {
    const std::string why = ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file or directory";
    throw SpoolTraceError("spool trace '" + path + "': " + why);
  }
  if (!fs::is_directory(st)) return {path};
  std::vector<std::string> files;
  fs::directory_iterator it(path, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code entry_ec;
    if (it->path().extension() != kSpoolTraceExtension) continue;
    if (!it->is_regular_file(entry_ec))
      throw SpoolTraceError("spool trace '" + it->path().string() + "': " +
                            (entry_ec ? entry_ec.message() : std::string("not a regular file")));
    files.push_back(it->path().string());
  }
  if (ec) throw SpoolTraceError("spool trace directory '" + path + "': " + ec.message());
  if (files.empty())
    throw SpoolTraceError("spool trace directory '" + path + "' holds no *" + std::string(kSpoolTraceExtension) +
                          " file");
  std::sort(files.begin(), files.end());
  return files;
}

// ---- directory sink ----

struct SpoolTraceDirectory::State {
  std::string dir;
  std::mutex mutex;
  std::array<std::unique_ptr<SpoolTraceWriter>, kMaxStrategies> writers;  // by StrategyKind
  std::vector<std::string> partial;  // files opened so far (partial names)
  std::string error;                 // the first write error; records are dropped after it
  bool closed = false;

  void discard() {
    for (auto& w : writers) {
      try {
        if (w) w->close();
      } catch (const SpoolTraceError&) {
        // Being removed anyway.
      }
      w.reset();
    }
    std::error_code ec;
    for (const auto& p : partial) std::filesystem::remove(p, ec);
    partial.clear();
  }
};

SpoolTraceDirectory::SpoolTraceDirectory(const std::string& dir) : state_(std::make_unique<State>()) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec))
    throw SpoolTraceError("spool trace directory '" + dir + "': cannot create: " + ec.message());
  state_->dir = dir;
}

SpoolTraceDirectory::~SpoolTraceDirectory() {
  if (state_ && !state_->closed) state_->discard();  // an unfinished run leaves no trace that looks whole
}

std::string SpoolTraceDirectory::path_for(StrategyKind strategy) const {
  return (std::filesystem::path(state_->dir) / (std::string(to_string(strategy)) + kSpoolTraceExtension)).string();
}

void SpoolTraceDirectory::record(std::uint32_t replication, StrategyKind strategy, const SpoolOperation& op) {
  std::lock_guard lock(state_->mutex);
  if (!state_->error.empty() || state_->closed) return;
  try {
    auto& writer = state_->writers[static_cast<std::size_t>(strategy)];
    if (!writer) {
      const std::string partial = path_for(strategy) + kSpoolTracePartialSuffix;
      writer = std::make_unique<SpoolTraceWriter>(partial, strategy);
      state_->partial.push_back(partial);
    }
    writer->write(replication, op);
  } catch (const SpoolTraceError& e) {
    state_->error = e.what();  // thrown by close(), outside the simulation's threads
  }
}

void SpoolTraceDirectory::close() {
  std::lock_guard lock(state_->mutex);
  if (state_->closed) return;
  state_->closed = true;
  for (auto& w : state_->writers) {
    if (!w || !state_->error.empty()) continue;
    try {
      w->close();
    } catch (const SpoolTraceError& e) {
      state_->error = e.what();
    }
  }
  std::vector<std::string> renamed;
  if (state_->error.empty()) {
    for (const auto& p : state_->partial) {
      std::error_code ec;
      const std::string final_path = p.substr(0, p.size() - std::strlen(kSpoolTracePartialSuffix));
      std::filesystem::rename(p, final_path, ec);
      if (ec) {
        state_->error = "spool trace '" + final_path + "': cannot rename: " + ec.message();
        break;
      }
      renamed.push_back(final_path);
    }
  }
  if (!state_->error.empty()) {
    // Nothing of this run stays: the partial files go, and so do the ones
    // already renamed (a set of traces is whole or absent).
    std::error_code ec;
    for (const auto& f : renamed) std::filesystem::remove(f, ec);
    state_->discard();
    throw SpoolTraceError(state_->error + " (no trace file of this run was kept)");
  }
  state_->partial.clear();
  for (auto& w : state_->writers) w.reset();
}

std::unique_ptr<SpoolTraceSink> open_spool_trace(const std::string& dir) {
  return std::make_unique<SpoolTraceDirectory>(dir);
}

}  // namespace spoolsim::models

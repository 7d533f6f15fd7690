// Spool traces on disk (issue 7): one compact binary file per strategy in a
// directory, written during `spoolsim run --spool-trace DIR` and read by
// `spoolsim replay-spool`. Format: docs/spool-backends.md.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/server/spool_trace.hpp"

namespace spoolsim::models {

// A missing, truncated or corrupt trace; what() names the file and the byte offset.
struct SpoolTraceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kSpoolTraceExtension = ".spooltrace";

struct SpoolTraceRecord {
  std::uint32_t replication = 0;
  SpoolOperation op;
  friend bool operator==(const SpoolTraceRecord& a, const SpoolTraceRecord& b) {
    return a.replication == b.replication && a.op.time == b.op.time && a.op.kind == b.op.kind &&
           a.op.user == b.op.user && a.op.rows == b.op.rows && a.op.bytes == b.op.bytes;
  }
};

// Writes one strategy's file. Not thread-safe (SpoolTraceDirectory locks).
class SpoolTraceWriter {
 public:
  // Creates (truncates) `path`; throws SpoolTraceError if it cannot.
  SpoolTraceWriter(const std::string& path, StrategyKind strategy);
  ~SpoolTraceWriter();  // close() if not done; errors then are swallowed
  SpoolTraceWriter(const SpoolTraceWriter&) = delete;
  SpoolTraceWriter& operator=(const SpoolTraceWriter&) = delete;

  void write(std::uint32_t replication, const SpoolOperation& op);
  // Writes the trailer (record count, checksum) and closes; throws on I/O error.
  void close();
  std::uint64_t records() const { return records_; }

 private:
  void flush_buffer();
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<unsigned char> buffer_;
  std::uint64_t records_ = 0;
  std::uint64_t checksum_;
  std::uint32_t replication_ = 0;
  sim::Time last_time_ = 0;
};

// Streams one file's records; validates header, every record and the trailer.
class SpoolTraceReader {
 public:
  // Reads the header. Refuses what is not a regular file (a directory, a FIFO
  // that would block, a device) before opening it.
  explicit SpoolTraceReader(const std::string& path);
  // Reads an already open stream (takes ownership; `name` is used in messages,
  // `size` for progress). The fuzzer feeds memory through fmemopen this way.
  SpoolTraceReader(std::FILE* file, std::string name, std::uint64_t size);
  ~SpoolTraceReader();
  SpoolTraceReader(const SpoolTraceReader&) = delete;
  SpoolTraceReader& operator=(const SpoolTraceReader&) = delete;

  StrategyKind strategy() const { return strategy_; }
  // False at the trailer (after checking count and checksum).
  bool next(SpoolTraceRecord& record);
  std::uint64_t position() const { return offset_; }  // bytes consumed
  std::uint64_t file_size() const { return file_size_; }
  std::uint64_t records_read() const { return records_; }

 private:
  void read_header();
  void read_header_or_close();
  int byte();  // -1 at end of file
  std::uint64_t varint(const char* field);
  [[noreturn]] void corrupt(const std::string& what) const;

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<unsigned char> buffer_;
  std::size_t buffer_pos_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t file_size_ = 0;
  StrategyKind strategy_ = StrategyKind::Deliver;
  std::uint64_t records_ = 0;
  std::uint64_t checksum_;
  std::uint32_t replication_ = 0;
  sim::Time last_time_ = 0;
  bool done_ = false;
};

// A whole file in memory (tests, small traces).
struct SpoolTraceContents {
  StrategyKind strategy = StrategyKind::Deliver;
  std::vector<SpoolTraceRecord> records;
};
SpoolTraceContents read_spool_trace(const std::string& path);

// The trace files of a directory (or the one file given), sorted by name.
// Throws SpoolTraceError if the path is missing or holds no trace file.
std::vector<std::string> list_spool_traces(const std::string& path);

// A sink writing <dir>/<strategy>.spooltrace, one writer per strategy seen;
// record() is thread-safe. All or nothing: files are written as
// <strategy>.spooltrace.partial and renamed only when close() has finished
// every one of them; a write error (a full disk) is kept, later records are
// dropped, and close() removes every partial file and throws it. Without
// close() (a run that failed) the destructor removes the partial files.
inline constexpr const char* kSpoolTracePartialSuffix = ".partial";
class SpoolTraceDirectory final : public SpoolTraceSink {
 public:
  explicit SpoolTraceDirectory(const std::string& dir);  // creates dir if needed
  ~SpoolTraceDirectory() override;
  void record(std::uint32_t replication, StrategyKind strategy, const SpoolOperation& op) override;
  void close();  // throws SpoolTraceError; afterwards no partial file is left
  std::string path_for(StrategyKind strategy) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// What `spoolsim run --spool-trace DIR` calls.
std::unique_ptr<SpoolTraceSink> open_spool_trace(const std::string& dir);

}  // namespace spoolsim::models

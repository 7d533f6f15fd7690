// libFuzzer entry for spool traces (issue 16): any bytes, read as a trace,
// must give records or a SpoolTraceError, never a crash, a hang or a huge
// allocation. The same bytes, decoded as operations, are also written as a
// well-formed trace and replayed into the memory backend with daily expiry,
// so the replay limits and the expiry arithmetic are fuzzed past the
// checksum. Built only with SPOOLSIM_FUZZ=ON and clang (`make fuzz`).
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "replay/spool_replay.hpp"

namespace {

using namespace spoolsim::models;

void read_raw(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;  // fmemopen needs a non-empty buffer
  std::FILE* f = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (!f) return;
  try {
    SpoolTraceReader reader(f, "fuzz.spooltrace", size);
    SpoolTraceRecord r;
    while (reader.next(r)) {
    }
  } catch (const SpoolTraceError&) {
    // Expected for bad input: a message naming the byte offset.
  }
}

void replay_decoded(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static const std::string path = "/tmp/fuzz_trace_reader." + std::to_string(::getpid()) + ".spooltrace";
  std::vector<SpoolTraceRecord> written;
  {
    SpoolTraceWriter w(path, StrategyKind::Deliver);
    while (in.remaining_bytes() > 0 && written.size() < 64) {
      SpoolTraceRecord r;
      r.replication = in.ConsumeIntegral<std::uint32_t>();
      r.op.time = in.ConsumeIntegral<std::int64_t>();
      r.op.kind = static_cast<StoreOp>(in.ConsumeIntegralInRange<int>(0, kStoreOpCount - 1));
      r.op.user = in.ConsumeIntegral<std::uint32_t>();
      r.op.rows = in.ConsumeIntegral<std::uint32_t>();
      r.op.bytes = in.ConsumeIntegral<std::uint64_t>();
      w.write(r.replication, r.op);
      written.push_back(r);
    }
    w.close();
  }
  // Deltas that overflow are refused; otherwise what was written reads back.
  try {
    if (read_spool_trace(path).records != written) __builtin_trap();
  } catch (const SpoolTraceError&) {
    return;
  }
  ReplayOptions options;
  options.expire_ttl = static_cast<spoolsim::sim::Duration>(1 + (size % 3)) * spoolsim::sim::kDay;
  auto memory = make_memory_spool_backend();
  try {
    (void)replay_spool({path}, *memory, options);
  } catch (const SpoolTraceError&) {
    if (memory->row_count() != 0) __builtin_trap();  // verified before anything is applied
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_raw(data, size);
  replay_decoded(data, size);
  return 0;
}

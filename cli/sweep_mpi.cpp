// The MPI task farm for `mpirun -np N spoolsim sweep ...` (issue 17 item 5):
// rank 0 hands out (point, replication) tasks one at a time and collects
// their records; ranks 1..N-1 run them. Records are the same JSON a local
// run produces, assembled in task order, so the result does not depend on N.
// A rank that fails sends its error and rank 0 aborts the job; a rank that
// dies is seen by mpirun, which ends every rank. Nothing is written then:
// only rank 0 writes, and only after every record arrived.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cli/sweep.hpp"

#ifdef SPOOLSIM_HAVE_MPI
#include <mpi.h>
#include <signal.h>

#include <chrono>
#include <thread>
#endif

namespace spoolsim::cli {

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr ||
         std::getenv("PMI_RANK") != nullptr;
}

#ifndef SPOOLSIM_HAVE_MPI

bool mpi_available() { return false; }
bool run_tasks_mpi(const Plan&, std::uint32_t, std::vector<ordered_json>&) { return true; }
void mpi_finish() {}

#else

namespace {

constexpr int kTagTask = 1;    // rank 0 -> worker: task index, or -1 to stop
constexpr int kTagRecord = 2;  // worker -> rank 0: a record's JSON text
constexpr int kTagError = 3;   // worker -> rank 0: what went wrong

std::string receive_text(int source, int tag, MPI_Status& status) {
  MPI_Probe(source, tag, MPI_COMM_WORLD, &status);
  int size = 0;
  MPI_Get_count(&status, MPI_CHAR, &size);
  std::string text(static_cast<std::size_t>(size), '\0');
  MPI_Recv(text.data(), size, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return text;
}

void send_task(long long task, int rank) { MPI_Send(&task, 1, MPI_LONG_LONG, rank, kTagTask, MPI_COMM_WORLD); }

void worker(const Plan& plan) {
  // Fault injection for the lost-rank test (docs/cluster.md).
  const char* kill_rank = std::getenv("SPOOLSIM_MPI_TEST_KILL_RANK");
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  while (true) {
    long long task = -1;
    MPI_Recv(&task, 1, MPI_LONG_LONG, 0, kTagTask, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (task < 0) return;
    if (kill_rank && std::atoi(kill_rank) == rank) ::raise(SIGKILL);
    try {
      const std::string text = run_task(plan, static_cast<std::size_t>(task)).dump();
      MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, kTagRecord, MPI_COMM_WORLD);
    } catch (const std::exception& e) {
      const std::string text = "task " + std::to_string(task) + ": " + e.what();
      MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, 0, kTagError, MPI_COMM_WORLD);
      return;
    }
  }
}

}  // namespace

bool mpi_available() { return true; }

bool run_tasks_mpi(const Plan& plan, std::uint32_t threads, std::vector<ordered_json>& records) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const std::size_t total = plan.tasks();
  if (size == 1) {  // nothing to farm out: the local threaded run
    std::vector<std::size_t> all(total);
    for (std::size_t t = 0; t < total; ++t) all[t] = t;
    SweepProgress progress(total, "sweep");
    records = run_tasks(plan, all, threads, [&] { progress.task_done(); });
    progress.finish();
    return true;
  }
  if (rank != 0) {
    worker(plan);
    return false;
  }
  records.assign(total, ordered_json());
  SweepProgress progress(total, "sweep");
  std::size_t next = 0, received = 0;
  for (int w = 1; w < size; ++w) {
    send_task(next < total ? static_cast<long long>(next++) : -1, w);
  }
  while (received < total) {
    // Poll with a short sleep: a blocking receive spins a core that the
    // workers need when ranks outnumber cores (--oversubscribe).
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
    if (!ready) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    const int source = status.MPI_SOURCE;
    const std::string text = receive_text(source, status.MPI_TAG, status);
    if (status.MPI_TAG == kTagError) {
      std::fprintf(stderr, "spoolsim sweep: rank %d failed: %s; ending the job, nothing written\n", source, text.c_str());
      std::fflush(stderr);
      MPI_Abort(MPI_COMM_WORLD, 3);
    }
    ordered_json record = ordered_json::parse(text);
    const auto task = record.at("task").get<std::size_t>();
    records.at(task) = std::move(record);
    ++received;
    progress.task_done();
    send_task(next < total ? static_cast<long long>(next++) : -1, source);
  }
  progress.finish();
  return true;
}

void mpi_finish() {
  int initialised = 0, finalised = 0;
  MPI_Initialized(&initialised);
  MPI_Finalized(&finalised);
  if (initialised && !finalised) MPI_Finalize();
}

#endif

}  // namespace spoolsim::cli

// contended_benchmark.cpp: locks that two threads fight over, so that some
// lock calls find the lock taken and really wait: tlsan's slow path (the
// lock word peek says "busy", a BlockingRegion is published around the real
// call). The uncontended fast paths are in sync_benchmark.cpp.
// Built as contended_plain, contended_tlsan and contended_tsan; compare them
// in one run, interleaved (scripts/overhead-report.sh). Noisy by nature: how
// often the lock is found taken depends on the scheduler. Timed in wall time
// and in the CPU time of the whole process.
#include <benchmark/benchmark.h>

#include <mutex>
#include <shared_mutex>

namespace {

// A few dependent operations inside the lock, so that the other thread finds
// it taken often, as with real critical sections.
inline void CriticalSection(unsigned long* counter) {
  for (int i = 0; i < 8; ++i) benchmark::DoNotOptimize(*counter += i);
}

std::mutex contended_mutex;
std::shared_mutex contended_shared_mutex;
unsigned long shared_counter;

}  // namespace

// Two threads, one std::mutex (pthread_mutex_lock / unlock).
static void BM_ContendedMutex(benchmark::State& state) {
  for (auto _ : state) {
    std::lock_guard<std::mutex> lock(contended_mutex);
    CriticalSection(&shared_counter);
  }
}
BENCHMARK(BM_ContendedMutex)->Threads(2)->MeasureProcessCPUTime()->UseRealTime();

// Two threads taking a std::shared_mutex exclusively
// (pthread_rwlock_wrlock: trywrlock first, the real wrlock when busy).
static void BM_ContendedSharedMutexExclusive(benchmark::State& state) {
  for (auto _ : state) {
    std::unique_lock<std::shared_mutex> lock(contended_shared_mutex);
    CriticalSection(&shared_counter);
  }
}
BENCHMARK(BM_ContendedSharedMutexExclusive)->Threads(2)->MeasureProcessCPUTime()->UseRealTime();

// One writer and one reader on a std::shared_mutex: the reader's
// pthread_rwlock_rdlock finds it write-locked part of the time.
static void BM_ContendedSharedMutexReaderWriter(benchmark::State& state) {
  const bool writer = state.thread_index() == 0;
  for (auto _ : state) {
    if (writer) {
      std::unique_lock<std::shared_mutex> lock(contended_shared_mutex);
      CriticalSection(&shared_counter);
    } else {
      std::shared_lock<std::shared_mutex> lock(contended_shared_mutex);
      benchmark::DoNotOptimize(shared_counter);
    }
  }
}
BENCHMARK(BM_ContendedSharedMutexReaderWriter)->Threads(2)->MeasureProcessCPUTime()->UseRealTime();

BENCHMARK_MAIN();

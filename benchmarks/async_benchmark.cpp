// async_benchmark.cpp: std::async(std::launch::async), which libstdc++ runs
// on a new thread (pthread_create through std::thread) and joins when the
// future's shared state is released: the same cost as a create+join (a
// registry slot, a creation stack, the trampoline) plus the future's
// allocation and its wait (a futex, through tlsan's syscall interceptor).
// Target: within 5% of plain, like thread create+join.
// Built as async_plain, async_tlsan and async_tsan; compare them in one run,
// interleaved (scripts/overhead-report.sh). Timed in wall time and in the
// CPU time of the whole process (both threads: steadier on a loaded
// machine).
#include <benchmark/benchmark.h>

#include <future>

// One iteration: launch a task that returns a value and wait for it.
static void BM_StdAsyncGet(benchmark::State& state) {
  for (auto _ : state) {
    std::future<int> f = std::async(std::launch::async, [] { return 1; });
    benchmark::DoNotOptimize(f.get());
  }
}
BENCHMARK(BM_StdAsyncGet)->MeasureProcessCPUTime()->UseRealTime();

// The future is dropped without get(): its destructor joins the thread.
static void BM_StdAsyncDiscard(benchmark::State& state) {
  for (auto _ : state) {
    std::future<void> f = std::async(std::launch::async, [] {});
  }
}
BENCHMARK(BM_StdAsyncDiscard)->MeasureProcessCPUTime()->UseRealTime();

BENCHMARK_MAIN();

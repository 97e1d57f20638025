// time_benchmark.cpp: the sleeps tlsan intercepts
// (instrumentation/tlsan_interceptors_time.cpp), with a zero duration so
// that each is one system call that returns at once and the BlockingRegion
// is all tlsan adds. nanosleep(0) is in io_benchmark.cpp.
// Built as time_plain, time_tlsan and time_tsan; compare them in one run,
// interleaved (scripts/overhead-report.sh).
#include <benchmark/benchmark.h>

#include <time.h>
#include <unistd.h>

static void BM_SleepZero(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(sleep(0));
}
BENCHMARK(BM_SleepZero);

static void BM_UsleepZero(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(usleep(0));
}
BENCHMARK(BM_UsleepZero);

static void BM_ClockNanosleepZero(benchmark::State& state) {
  struct timespec zero = {0, 0};
  for (auto _ : state)
    benchmark::DoNotOptimize(
        clock_nanosleep(CLOCK_MONOTONIC, 0, &zero, nullptr));
}
BENCHMARK(BM_ClockNanosleepZero);

BENCHMARK_MAIN();

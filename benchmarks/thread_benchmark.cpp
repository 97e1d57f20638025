// thread_benchmark.cpp: thread creation and join, the cost tlsan adds to
// every thread (a registry slot, a creation stack, a trampoline).
// Built as thread_plain and thread_tlsan; compare them in one run with
// scripts/bench.sh.
#include <benchmark/benchmark.h>

#include <pthread.h>
#include <thread>

static void BM_StdThreadCreateJoin(benchmark::State& state) {
  for (auto _ : state) {
    std::thread t([] {});
    t.join();
  }
}
BENCHMARK(BM_StdThreadCreateJoin)->UseRealTime();

static void* Nothing(void* arg) { return arg; }

static void BM_PthreadCreateJoin(benchmark::State& state) {
  for (auto _ : state) {
    pthread_t t;
    pthread_create(&t, nullptr, Nothing, nullptr);
    pthread_join(t, nullptr);
  }
}
BENCHMARK(BM_PthreadCreateJoin)->UseRealTime();

static void BM_PthreadCreateDetach(benchmark::State& state) {
  for (auto _ : state) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &attr, Nothing, nullptr);
    pthread_attr_destroy(&attr);
  }
}
BENCHMARK(BM_PthreadCreateDetach)->UseRealTime();

// The same create+join rows timed also by the CPU time of the whole process
// (both threads), which a loaded machine disturbs less than wall time
// (scripts/overhead-report.sh judges the target on it).
BENCHMARK(BM_StdThreadCreateJoin)->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(BM_PthreadCreateJoin)->MeasureProcessCPUTime()->UseRealTime();

BENCHMARK_MAIN();

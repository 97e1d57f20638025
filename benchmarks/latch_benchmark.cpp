// latch_benchmark.cpp: the C++20 waiting types and POSIX barriers.
// libstdc++'s std::latch, std::barrier and std::counting_semaphore spin a
// little, then wait with a raw futex system call, which tlsan intercepts
// (syscall(SYS_futex, ...): a BlockingRegion around the waits, a pass-through
// for the wakes); pthread_barrier_wait has an interceptor of its own.
// Built as latch_plain, latch_tlsan and latch_tsan; compare them in one run,
// interleaved (scripts/overhead-report.sh). The two-thread rows are timed in
// wall time and in the CPU time of the whole process.
#include <benchmark/benchmark.h>

#include <pthread.h>

#include <barrier>
#include <latch>
#include <semaphore>
#include <thread>

// A latch that is already open when waited on: count_down, then wait returns
// at once (no futex wait).
static void BM_LatchCountDownWait(benchmark::State& state) {
  for (auto _ : state) {
    std::latch done(1);
    done.count_down();
    done.wait();
  }
}
BENCHMARK(BM_LatchCountDownWait);

// Two threads meet at a std::barrier once per iteration. The partner runs
// exactly as many phases as the benchmark loop (state.max_iterations), so
// neither is left waiting at the end.
static void BM_BarrierArriveAndWait(benchmark::State& state) {
  std::barrier<> meet(2);
  const benchmark::IterationCount phases = state.max_iterations;
  std::thread partner([&] {
    for (benchmark::IterationCount i = 0; i < phases; ++i)
      meet.arrive_and_wait();
  });
  for (auto _ : state) meet.arrive_and_wait();
  partner.join();
}
BENCHMARK(BM_BarrierArriveAndWait)->MeasureProcessCPUTime()->UseRealTime();

// The same with pthread_barrier_wait (always intercepted: it always waits
// for the other thread).
static void BM_PthreadBarrierWait(benchmark::State& state) {
  pthread_barrier_t meet;
  pthread_barrier_init(&meet, nullptr, 2);
  const benchmark::IterationCount phases = state.max_iterations;
  std::thread partner([&] {
    for (benchmark::IterationCount i = 0; i < phases; ++i)
      pthread_barrier_wait(&meet);
  });
  for (auto _ : state) pthread_barrier_wait(&meet);
  partner.join();
  pthread_barrier_destroy(&meet);
}
BENCHMARK(BM_PthreadBarrierWait)->MeasureProcessCPUTime()->UseRealTime();

// std::counting_semaphore, never blocking: release then acquire.
static void BM_StdSemaphoreReleaseAcquire(benchmark::State& state) {
  std::counting_semaphore<> sem(0);
  for (auto _ : state) {
    sem.release();
    sem.acquire();
  }
}
BENCHMARK(BM_StdSemaphoreReleaseAcquire);

// Two std::binary_semaphores handing a turn back and forth: every acquire
// may wait (futex), every release may wake.
static void BM_StdSemaphorePingPong(benchmark::State& state) {
  std::binary_semaphore ping(0), pong(0);
  const benchmark::IterationCount rounds = state.max_iterations;
  std::thread partner([&] {
    for (benchmark::IterationCount i = 0; i < rounds; ++i) {
      ping.acquire();
      pong.release();
    }
  });
  for (auto _ : state) {
    ping.release();
    pong.acquire();
  }
  partner.join();
}
BENCHMARK(BM_StdSemaphorePingPong)->MeasureProcessCPUTime()->UseRealTime();

BENCHMARK_MAIN();

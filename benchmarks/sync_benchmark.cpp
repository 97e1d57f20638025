// sync_benchmark.cpp: the synchronization calls tlsan intercepts, on their
// fast paths (a free lock costs tlsan one trylock, nothing else) and in a
// real wait (a condition variable round trip: the BlockingRegion's cost).
// Built as sync_plain, sync_tlsan and sync_tsan; compare them in one run,
// interleaved.
#include <benchmark/benchmark.h>

#include <semaphore.h>

#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <thread>

static void BM_MutexLockUnlock(benchmark::State& state) {
  std::mutex mu;
  for (auto _ : state) {
    mu.lock();
    mu.unlock();
  }
}
BENCHMARK(BM_MutexLockUnlock);

static void BM_SharedMutexLockSharedUnlock(benchmark::State& state) {
  std::shared_mutex mu;
  for (auto _ : state) {
    mu.lock_shared();
    mu.unlock_shared();
  }
}
BENCHMARK(BM_SharedMutexLockSharedUnlock);

// One iteration: the benchmark thread hands the turn to a partner thread
// and waits until it hands it back (two waits, two notifications).
static void BM_CondvarPingPong(benchmark::State& state) {
  std::mutex mu;
  std::condition_variable cv;
  int turn = 0;  // 0: the benchmark thread's, 1: the partner's, 2: stop
  std::thread partner([&] {
    std::unique_lock<std::mutex> lock(mu);
    for (;;) {
      cv.wait(lock, [&] { return turn != 0; });
      if (turn == 2) return;
      turn = 0;
      cv.notify_one();
    }
  });
  {
    std::unique_lock<std::mutex> lock(mu);
    for (auto _ : state) {
      turn = 1;
      cv.notify_one();
      cv.wait(lock, [&] { return turn == 0; });
    }
    turn = 2;
    cv.notify_one();
  }
  partner.join();
}
BENCHMARK(BM_CondvarPingPong)->UseRealTime();
// Also timed by the CPU time of the whole process (both threads), which a
// loaded machine disturbs less than wall time (scripts/overhead-report.sh).
BENCHMARK(BM_CondvarPingPong)->MeasureProcessCPUTime()->UseRealTime();

static void BM_SemPostWait(benchmark::State& state) {
  sem_t sem;
  sem_init(&sem, 0, 0);
  for (auto _ : state) {
    sem_post(&sem);
    sem_wait(&sem);  // never blocks: the post came first
  }
  sem_destroy(&sem);
}
BENCHMARK(BM_SemPostWait);

BENCHMARK_MAIN();

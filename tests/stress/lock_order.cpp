//===-- lock_order.cpp - no false deadlock under heavy contention ---------===//
//
// Part of ThreadLeakSanitizer (tlsan). ctest: stress.lock_order.
//
// 8 threads take random subsets of 4 mutexes, always in the same global
// order (so no deadlock is possible), for N seconds, with
// deadlock_check_ms=1: nearly every contended wait times out and checks the
// wait-for graph, while owners change under it. Asserts that no deadlock
// was reported (a false one would also end the process with exitcode 23),
// that checks did run (the test could not fail otherwise), and that every
// lock and unlock succeeded; prints what it did.
//
// N = 5 s (CI). By hand: TLSAN_STRESS_SECONDS=60 bin/tlsan_stress_lock_order
//
//===----------------------------------------------------------------------===//
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <atomic>
#include <chrono>

#include "tlsan_deadlock.h"

extern "C" const char *__tlsan_default_options() {
  return "deadlock_check_ms=1";
}

namespace {

constexpr int kThreads = 8;
constexpr int kMutexes = 4;
pthread_mutex_t mu[kMutexes] = {PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER};
std::atomic<bool> stop{false};
std::atomic<uint64_t> acquisitions{0}, errors{0};

void *Worker(void *arg) {
  uint64_t x = 0x9e3779b97f4a7c15ull * (uintptr_t)arg + 1;  // xorshift
  uint64_t done = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    unsigned mask = 1 + (unsigned)(x % 15);  // a non-empty subset
    for (int i = 0; i < kMutexes; i++)       // in the global order
      if (mask & (1u << i)) errors += pthread_mutex_lock(&mu[i]) != 0;
    // Hold for a while (0 to 3 ms): others wait past deadlock_check_ms.
    struct timespec hold = {0, (long)(x >> 40) % 3000000};
    nanosleep(&hold, nullptr);
    for (int i = kMutexes - 1; i >= 0; i--)
      if (mask & (1u << i)) errors += pthread_mutex_unlock(&mu[i]) != 0;
    done++;
  }
  acquisitions += done;
  return nullptr;
}

}  // namespace

int main() {
  const char *env = getenv("TLSAN_STRESS_SECONDS");
  int seconds = env ? atoi(env) : 5;
  pthread_t t[kThreads];
  for (long i = 0; i < kThreads; i++)
    pthread_create(&t[i], nullptr, Worker, (void *)i);
  struct timespec run = {seconds, 0};
  nanosleep(&run, nullptr);
  stop = true;
  for (int i = 0; i < kThreads; i++) pthread_join(t[i], nullptr);
  unsigned long checks = __tlsan::DeadlockCheckCount();
  unsigned long reports = __tlsan::DeadlockReportCount();
  printf("lock_order: %d s, %d threads, %llu critical sections, %lu deadlock "
         "checks, %lu reports, %llu lock errors\n",
         seconds, kThreads, (unsigned long long)acquisitions.load(), checks,
         reports, (unsigned long long)errors.load());
  if (reports != 0 || errors != 0 || checks == 0) {
    printf("lock_order: FAILED\n");
    return 1;
  }
  return 0;
}

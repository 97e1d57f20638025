// deadlock_benchmark.cpp: how long after a deadlock cycle closes tlsan's
// report appears (issue: deadlocks found while the program runs; goal
// <= 1 s at the default deadlock_check_ms=500).
//
// Each iteration forks a child whose two threads take two mutexes in
// opposite orders while its main thread joins them. Each thread notes the
// CLOCK_MONOTONIC time just before its second lock (the cycle closes at the
// later one) in memory shared with the parent; the child's stderr is a pipe
// the parent reads until the report's first line, and takes the time then.
// The iteration time is the difference (manual time), so it includes the
// check interval, the confirmation, classifying, symbolizing (starting
// llvm-symbolizer) and writing. The child ends with exitcode 23.
//
// Only meaningful with the runtime: deadlock_plain (and a tsan build)
// would hang, so the plain build skips the benchmark. Run
//   TLSAN_OPTIONS=deadlock_check_ms=100 bin/deadlock_tlsan
// for another interval.
#include <benchmark/benchmark.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>

namespace {

int64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

struct Shared {
  std::atomic<int64_t> closed_ns;
};
Shared *shared;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold;

void *Take(void *arg) {
  pthread_mutex_t *first = (pthread_mutex_t *)arg;
  pthread_mutex_lock(first);
  pthread_barrier_wait(&both_hold);
  int64_t now = NowNs(), seen = shared->closed_ns.load();
  while (now > seen && !shared->closed_ns.compare_exchange_weak(seen, now)) {
  }
  pthread_mutex_lock(first == &a ? &b : &a);
  return nullptr;
}

[[noreturn]] void Child(int report_fd) {
  dup2(report_fd, 2);
  pthread_barrier_init(&both_hold, nullptr, 2);
  pthread_t t1, t2;
  pthread_create(&t1, nullptr, Take, &a);
  pthread_create(&t2, nullptr, Take, &b);
  pthread_join(t1, nullptr);
  pthread_join(t2, nullptr);
  _exit(0);
}

}  // namespace

static void BM_DeadlockToReport(benchmark::State &state) {
#ifndef TLSAN_BENCHMARK_WITH_RUNTIME
  state.SkipWithError("only tlsan finds the deadlock (plain would hang)");
  return;
#endif
  shared = (Shared *)mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  for (auto _ : state) {
    shared->closed_ns = 0;
    int p[2];
    if (pipe(p) != 0) state.SkipWithError("pipe");
    pid_t pid = fork();
    if (pid == 0) {
      close(p[0]);
      Child(p[1]);
    }
    close(p[1]);
    static char buf[1 << 16];
    size_t n = 0;
    ssize_t r;
    int64_t reported = 0;
    while ((r = read(p[0], buf + n, sizeof(buf) - 1 - n)) > 0) {
      n += (size_t)r;
      buf[n] = '\0';
      if (!reported && strstr(buf, "ThreadLeakSanitizer: deadlock of"))
        reported = NowNs();
      if (n == sizeof(buf) - 1) n = 0;
    }
    close(p[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!reported || !WIFEXITED(status) || WEXITSTATUS(status) != 23) {
      state.SkipWithError("the child's deadlock was not reported");
      break;
    }
    state.SetIterationTime((double)(reported - shared->closed_ns) / 1e9);
  }
  munmap(shared, sizeof(Shared));
}
BENCHMARK(BM_DeadlockToReport)
    ->UseManualTime()
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();

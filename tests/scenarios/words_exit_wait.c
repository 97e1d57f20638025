// C: at exit, the leak pass re-checks a lingering thread for about half a
// second before it reports it; with verbosity=1, once the waiting reaches
// 200 ms it says so on stderr, instead of a silent pause that looks like a
// hang. Without verbosity it stays silent (a clean program's threads may
// linger that long too). Exit 23.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=verbosity=1 %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=QUIET
// QUIET-NOT: waiting up to
// A short wait (max_sleep_ms=1: about 0.1 s in all) stays silent.
// RUN: env TLSAN_OPTIONS=verbosity=1:max_sleep_ms=1 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=SHORT
#include <pthread.h>
#include <semaphore.h>

static sem_t never;
static pthread_barrier_t started;

static void *worker(void *arg) {
  pthread_barrier_wait(&started);
  sem_wait(&never);  // nobody posts
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&never, 0, 0);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, worker, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: ThreadLeakSanitizer: waiting up to {{[0-9]+}} ms for 1 thread(s) to finish before reporting them (max_retries=20, max_sleep_ms=100)
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// SHORT-NOT: waiting up to
// SHORT: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit

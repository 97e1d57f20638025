// A program's own timed waits are no edges of the wait-for graph. T1 holds
// a and retries pthread_mutex_timedlock on b (held by T2) for about a
// second, then backs off and releases a; T2, meanwhile waiting on a
// (untimed), gets it. No deadlock was ever certain: nothing is reported.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=50 %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
#include <errno.h>
#include <pthread.h>
#include <time.h>
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void *polite(void *arg) {
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&both_hold);
  for (int tries = 0; tries < 10; tries++) {
    struct timespec deadline;  /* now + 100 ms */
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += deadline.tv_nsec >= 900000000, deadline.tv_nsec = (deadline.tv_nsec + 100000000) % 1000000000;
    if (pthread_mutex_timedlock(&b, &deadline) != ETIMEDOUT) return (void *)1;
  }
  return pthread_mutex_unlock(&a), arg; /* gives up */
}

static void *greedy(void *arg) {
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(&a); /* waits until polite gives up */
  return pthread_mutex_unlock(&a), pthread_mutex_unlock(&b), arg;
}

int main(void) {
  pthread_t t1, t2;
  void *timed_out_all = 0; /* stays 0 if each of the 10 tries timed out */
  pthread_barrier_init(&both_hold, 0, 2);
  pthread_create(&t1, 0, polite, 0), pthread_create(&t2, 0, greedy, 0);
  pthread_join(t1, &timed_out_all), pthread_join(t2, 0);
  return timed_out_all != 0;
}
// CHECK-NOT: ThreadLeakSanitizer

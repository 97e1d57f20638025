// Joins that wait past deadlock_check_ms (20 ms) return what they would
// without tlsan: the thread's value (pthread_join, thrd_join),
// PTHREAD_CANCELED for a cancelled thread, EDEADLK for a self-join, and
// ETIMEDOUT for the program's own timed join; errno is untouched.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=20 %expect_exit 0 %t 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

static void *slow(void *arg) { usleep(150 * 1000); return arg; }
static int slow_c11(void *arg) { usleep(150 * 1000); return 42; }
static void *forever(void *arg) { for (;;) pause(); return arg; }

int main(void) {
  pthread_t t, c;
  thrd_t ct;
  void *value = 0, *cancelled = 0;
  int res = 0;  errno = 1234;
  pthread_create(&t, 0, slow, (void *)7);
  int r1 = pthread_join(t, &value);
  thrd_create(&ct, slow_c11, 0);
  int r2 = thrd_join(ct, &res);
  pthread_create(&c, 0, forever, 0);
  struct timespec soon;
  clock_gettime(CLOCK_REALTIME, &soon);
  soon.tv_sec += 1; /* a timed join: the program's own timeout */
  int r3 = pthread_timedjoin_np(c, 0, &soon);
  pthread_cancel(c);
  int r4 = pthread_join(c, &cancelled);
  int r5 = pthread_join(pthread_self(), 0);
  printf("%d %ld %d %d %s %d %s %s errno=%d\n", r1, (long)value, r2 == thrd_success, res, r3 == ETIMEDOUT ? "ETIMEDOUT" : "?", r4, cancelled == PTHREAD_CANCELED ? "CANCELED" : "?", r5 == EDEADLK ? "EDEADLK" : "?", errno);
  return 0;
}
// CHECK: 0 7 1 42 ETIMEDOUT 0 CANCELED EDEADLK errno=1234

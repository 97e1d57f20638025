// C: a thread cancelled while it waits in pthread_cond_wait (a cancellation
// point), then joined: nothing leaks, exit 0. The wait's published blocking
// info is never cleared (cancellation skips the interceptor's cleanup); the
// finished, joined record must not be reported for it.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --implicit-check-not=ThreadLeakSanitizer
// RUN: %clang %s -o %t.plain
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain 2>&1 | %FileCheck %s --implicit-check-not=ThreadLeakSanitizer
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started_cv = PTHREAD_COND_INITIALIZER, cv = PTHREAD_COND_INITIALIZER;
static int started;

static void *waiter(void *arg) {
  pthread_mutex_lock(&mu);
  pthread_cleanup_push((void (*)(void *))pthread_mutex_unlock, &mu);
  started = 1;
  pthread_cond_signal(&started_cv);
  while (1) pthread_cond_wait(&cv, &mu);  /* releases mu only in the wait */
  pthread_cleanup_pop(1);
  return arg;
}

int main(void) {
  pthread_t t;
  void *ret;
  pthread_mutex_lock(&mu);
  pthread_create(&t, 0, waiter, 0);
  while (!started) pthread_cond_wait(&started_cv, &mu);
  pthread_mutex_unlock(&mu);  /* the waiter is inside pthread_cond_wait */
  pthread_cancel(t);
  pthread_join(t, &ret);
  printf("cancelled=%d\n", ret == PTHREAD_CANCELED);
  return 0;
}
// CHECK: cancelled=1

// C: a thread cancelled while it waits in pthread_join (its target stays
// joinable), then the target, waiting in pthread_mutex_timedlock (not a
// cancellation point: it retries and tests for cancellation in between),
// both joined: nothing leaks, status 0.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %t 2>&1 | %FileCheck %s --implicit-check-not=ThreadLeakSanitizer
// Again with the join cut into 1 ms pthread_clockjoin_np slices:
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=1 %expect_exit 0 %t 2>&1 | %FileCheck %s --implicit-check-not=ThreadLeakSanitizer
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static pthread_t t[2];
static volatile int tids[2];
static void *blocked(void *arg) {
  tids[arg != 0] = gettid();
  if (arg) return pthread_join(t[0], 0), arg;  /* t[0] never ends by itself */
  for (struct timespec abs;; pthread_testcancel())
    clock_gettime(CLOCK_REALTIME, &abs), abs.tv_sec += 1,
        pthread_mutex_timedlock(&held, &abs);  /* main holds it */
}

int main(void) {
  void *ret[2];
  pthread_mutex_lock(&held);
  for (long i = 0; i < 2; i++) {  /* each asleep in its call first */
    pthread_create(&t[i], 0, blocked, (void *)i);
    wait_asleep(wait_for_tid(&tids[i]));
  }
  pthread_cancel(t[1]), pthread_join(t[1], &ret[1]);  /* the joiner first */
  pthread_cancel(t[0]), pthread_join(t[0], &ret[0]);
  printf("cancelled=%d,%d\n", ret[1] == PTHREAD_CANCELED, ret[0] == PTHREAD_CANCELED);
}
// CHECK: cancelled=1,1

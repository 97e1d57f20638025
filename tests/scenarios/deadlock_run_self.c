// A thread locks a default (non-recursive) mutex it already holds while
// main joins it: a self-deadlock, found while the program runs.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=50 %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>

static pthread_mutex_t relocked = PTHREAD_MUTEX_INITIALIZER;

static void *relock(void *arg) {
  pthread_mutex_lock(&relocked);
  pthread_mutex_lock(&relocked); /* never returns */
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, relock, 0);
  pthread_join(t, 0);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 1 thread(s): T1 -> mutex 0x{{[0-9a-f]+}} ('relocked') held by T1{{$}}
// CHECK: Thread T1 (tid=[[TID:[0-9]+]], blocked in pthread_mutex_lock), created by main thread at:
// CHECK: Blocked in pthread_mutex_lock on mutex 0x{{[0-9a-f]+}}, held by thread T1 (tid=[[TID]])
// CHECK: Self-deadlock: it waits for a lock it holds itself.
// CHECK: in relock {{.*}}deadlock_run_self.c:12
// CHECK: Main thread (tid={{[0-9]+}}, blocked in pthread_join):
// CHECK: SUMMARY: ThreadLeakSanitizer: deadlock of 1 thread(s), 1 more waiting on them.

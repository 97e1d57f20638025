// Threads created by one line of a loop are one group, even when clang
// copies the loop's first call (-O1, this loop shape): T1's creation pc
// then differs from T2's. With symbolization on, groups compare the
// symbolized creation frames (function, file, line), not exact pcs;
// symbolize=0 leaves only pcs to compare, so T1 stands apart there.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=symbolize=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=PCS
#include <pthread.h>

enum { kThreads = 4 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_in = PTHREAD_COND_INITIALIZER, never = PTHREAD_COND_INITIALIZER;
static int waiting;

static void *wait_forever(void *arg) {
  pthread_mutex_lock(&mu);
  if (++waiting == kThreads) pthread_cond_signal(&all_in);
  for (;;) pthread_cond_wait(&never, &mu);
  return arg;
}

int main(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < kThreads; i++) {
    pthread_t t;
    if (pthread_create(&t, &attr, wait_forever, 0) != 0) return 1;
  }
  pthread_mutex_lock(&mu);
  while (waiting < kThreads) pthread_cond_wait(&all_in, &mu);
  pthread_mutex_unlock(&mu);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_cond_wait), detached, created by main thread at:
// CHECK-NEXT: in main {{.*}}rel_group_unrolled_loop.c:29
// CHECK-NOT: Thread T
// CHECK: And 3 more similar thread leaks (T2, T3, T4).
// PCS: Thread T1 (
// PCS: Thread T2 (
// PCS: And 2 more similar thread leaks (T3, T4).

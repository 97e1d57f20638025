// 10,000 threads alive at once (stacks of 2 * PTHREAD_STACK_MIN) blocked on
// one condvar when main returns: one group, status 23, in ~4 s (2 cores).
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 23 timeout 60 %t 2>&1 | %FileCheck %s
#include <limits.h>
#include <pthread.h>

enum { kThreads = 10000 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_in = PTHREAD_COND_INITIALIZER, never = PTHREAD_COND_INITIALIZER;
static int waiting;

static void *wait_forever(void *arg) {
  pthread_mutex_lock(&mu);
  if (++waiting == kThreads) pthread_cond_signal(&all_in);
  for (;;) pthread_cond_wait(&never, &mu);  /* each waits inside, mu released */
  return arg;
}

int main(void) {
  pthread_attr_t attr;
  pthread_t t;
  int i = 0;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN * 2);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  do  /* not `for`: clang copies its first call (rel_group_unrolled_loop.c) */
    if (pthread_create(&t, &attr, wait_forever, 0) != 0) return 1;
  while (++i < kThreads);
  pthread_mutex_lock(&mu);
  while (waiting < kThreads) pthread_cond_wait(&all_in, &mu);
  pthread_mutex_unlock(&mu);  /* every thread is in pthread_cond_wait now */
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 10000 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_cond_wait), detached, created by main thread at:
// CHECK-NEXT: in main {{.*}}rel_10k_threads.c:28
// CHECK-NOT: Thread T
// CHECK: And 9999 more similar thread leaks (T2, T3,
// CHECK: SUMMARY: ThreadLeakSanitizer: 10000 leaked thread(s): 10000 blocked, 0 running, 0 finished.

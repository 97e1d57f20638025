// Three threads each hold one mutex and wait for the next one's: a cycle of
// three, found while the program runs (main joins them and would hang).
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>

static pthread_mutex_t mu[3] = {PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER,
                                PTHREAD_MUTEX_INITIALIZER};
static pthread_barrier_t all_hold;

static void *take(void *arg) {
  long i = (long)arg;
  pthread_mutex_lock(&mu[i]);
  pthread_barrier_wait(&all_hold);  // each holds its own now
  pthread_mutex_lock(&mu[(i + 1) % 3]);
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_barrier_init(&all_hold, 0, 3);
  for (long i = 0; i < 3; i++) pthread_create(&t[i], 0, take, (void *)i);
  for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 3 thread(s): T1 -> mutex 0x{{[0-9a-f]+}} ('mu'+40) held by T2 -> mutex 0x{{[0-9a-f]+}} ('mu'+80) held by T3 -> mutex 0x{{[0-9a-f]+}} ('mu') held by T1{{$}}
// CHECK-COUNT-3: Deadlock: tid={{[0-9]+}} -> tid={{[0-9]+}} -> tid={{[0-9]+}} -> tid=
// CHECK: Main thread (tid={{[0-9]+}}, blocked in pthread_join):
// CHECK: SUMMARY: ThreadLeakSanitizer: deadlock of 3 thread(s), 1 more waiting on them.

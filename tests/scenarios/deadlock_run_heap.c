// A lock-order deadlock on two mutexes allocated with malloc: no variable
// names them, so the report says where they live (the heap); a global one
// without symbols is named by its module.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=symbolize=0 %expect_exit 23 %t global 2>&1 | %FileCheck %s --check-prefix=GLOBAL
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t *a, *b, global_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void *take(void *first) {
  pthread_mutex_lock(first);
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(first == a ? b : a);
  return 0;
}

int main(int argc, char **argv) {
  a = malloc(sizeof *a), b = malloc(sizeof *b);
  pthread_mutex_init(a, 0), pthread_mutex_init(b, 0);
  if (argc > 1) a = &global_mu;
  pthread_barrier_init(&both_hold, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, take, a), pthread_create(&t2, 0, take, b);
  pthread_join(t1, 0), pthread_join(t2, 0);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): T1 -> mutex 0x{{[0-9a-f]+}} (heap) held by T2 -> mutex 0x{{[0-9a-f]+}} (heap) held by T1{{$}}
// GLOBAL: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): T1 -> mutex 0x{{[0-9a-f]+}} (heap) held by T2 -> mutex 0x{{[0-9a-f]+}} (in deadlock_run_heap.c.tmp) held by T1{{$}}

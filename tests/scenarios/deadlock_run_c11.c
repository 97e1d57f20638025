// C11 threads: two threads take two mtx_t in opposite orders while main
// waits in thrd_join. mtx_lock and thrd_join wait in slices with deadlock
// checks too: the cycle is reported while the program runs.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <threads.h>

static mtx_t first, second;
static pthread_barrier_t both_hold;

static int take(void *arg) {
  mtx_t *mine = arg;
  mtx_lock(mine);
  pthread_barrier_wait(&both_hold);
  mtx_lock(mine == &first ? &second : &first);
  return 0;
}

int main(void) {
  thrd_t t1, t2;
  mtx_init(&first, mtx_plain), mtx_init(&second, mtx_plain);
  pthread_barrier_init(&both_hold, 0, 2);
  thrd_create(&t1, take, &first), thrd_create(&t2, take, &second);
  thrd_join(t1, 0), thrd_join(t2, 0);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): T1 -> mutex 0x{{[0-9a-f]+}} ('second') held by T2 -> mutex 0x{{[0-9a-f]+}} ('first') held by T1{{$}}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in mtx_lock)
// CHECK: Main thread (tid={{[0-9]+}}, blocked in thrd_join):
// CHECK: SUMMARY: ThreadLeakSanitizer: deadlock of 2 thread(s), 1 more waiting on them.

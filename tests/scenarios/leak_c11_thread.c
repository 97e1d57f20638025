// C11 threads: thrd_create goes around pthread_create inside glibc, so it
// is intercepted on its own. An unjoined thrd_t blocked on cnd_wait leaks.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <threads.h>

static mtx_t mu;
static cnd_t cv;
static int started;

static int waiter(void *arg) {
  mtx_lock(&mu);
  started = 1;
  cnd_broadcast(&cv);
  while (1) cnd_wait(&cv, &mu);  /* woken only by the line above */
  return 0;
}

int main(void) {
  thrd_t t;
  mtx_init(&mu, mtx_plain);
  cnd_init(&cv);
  thrd_create(&t, waiter, 0);
  mtx_lock(&mu);
  while (!started) cnd_wait(&cv, &mu);
  mtx_unlock(&mu);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in cnd_wait), created by main thread at:
// CHECK: in main {{.*}}leak_c11_thread.c
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

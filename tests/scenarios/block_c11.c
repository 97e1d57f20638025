// C11: a thread blocked in mtx_lock (glibc's skips pthread_mutex_lock: its
// own interceptor) on a mutex main holds: blocked in mtx_lock; exit 23.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "mutex" and leaks[0]["blocked_on"]["call"] == "mtx_lock"'
#include <stdio.h>
#include <threads.h>

static mtx_t mu, started_mu;
static cnd_t started_cv;
static int started;

static int locker(void *arg) {
  mtx_lock(&started_mu);
  started = 1;
  cnd_signal(&started_cv);
  mtx_unlock(&started_mu);
  mtx_lock(&mu);  /* main holds it forever */
  return 0;
}

int main(void) {
  thrd_t t;
  mtx_init(&mu, mtx_plain);
  mtx_init(&started_mu, mtx_plain);
  cnd_init(&started_cv);
  mtx_lock(&mu);
  fprintf(stderr, "mutex at %p\n", (void *)&mu);
  thrd_create(&t, locker, 0);
  mtx_lock(&started_mu);
  while (!started) cnd_wait(&started_cv, &started_mu);
  mtx_unlock(&started_mu);
  return 0;
}
// CHECK: mutex at [[MU:0x[0-9a-f]+]]
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in mtx_lock), created by main thread at:
// CHECK: Blocked in mtx_lock on mutex [[MU]]
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

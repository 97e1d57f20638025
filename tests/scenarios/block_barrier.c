// C: a barrier for three that only two threads reach: both are blocked in
// pthread_barrier_wait on that barrier, one group; exit 23.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 2 and all(l["blocked_on"]["kind"] == "barrier" and l["blocked_on"]["call"] == "pthread_barrier_wait" for l in leaks)'
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t started, stuck;

static void *arrive(void *arg) {
  pthread_barrier_wait(&started);
  pthread_barrier_wait(&stuck);  /* waits for a third thread forever */
  return arg;
}

int main(void) {
  pthread_t t[2];
  pthread_barrier_init(&started, 0, 3);
  pthread_barrier_init(&stuck, 0, 3);
  fprintf(stderr, "barrier at %p\n", (void *)&stuck);
  for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, arrive, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: barrier at [[B:0x[0-9a-f]+]]
// CHECK: Thread T{{[12]}} (tid={{[0-9]+}}, blocked in pthread_barrier_wait), created by main thread at:
// CHECK: Blocked in pthread_barrier_wait on barrier [[B]]
// CHECK: And 1 more similar thread leak
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 2 blocked, 0 running, 0 finished.

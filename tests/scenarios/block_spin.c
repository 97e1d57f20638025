// C: a thread spinning in pthread_spin_lock on a lock that main holds. It
// never sleeps (/proc shows it running), but the interceptor published what
// it spins on, so it is reported as blocked in pthread_spin_lock on a mutex.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["state"] == "blocked" and leaks[0]["blocked_on"]["kind"] == "mutex" and leaks[0]["blocked_on"]["call"] == "pthread_spin_lock"'
#include <pthread.h>
#include <stdio.h>

static pthread_spinlock_t spin;
static pthread_barrier_t ready;

static void *spinner(void *arg) {
  pthread_barrier_wait(&ready);
  pthread_spin_lock(&spin);  /* main holds it forever */
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_spin_lock(&spin);
  fprintf(stderr, "spin lock at %p\n", (void *)&spin);
  pthread_barrier_init(&ready, 0, 2);
  pthread_create(&t, 0, spinner, 0);
  pthread_detach(t);
  pthread_barrier_wait(&ready);
  return 0;
}
// CHECK: spin lock at [[S:0x[0-9a-f]+]]
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_spin_lock), detached, created by main thread at:
// CHECK: Blocked in pthread_spin_lock on mutex [[S]]
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

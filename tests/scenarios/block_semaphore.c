// C: an unjoined thread waiting on a semaphore nobody posts: blocked in
// sem_wait on that semaphore; exit 23.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "semaphore" and leaks[0]["blocked_on"]["call"] == "sem_wait"'
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static sem_t sem;
static pthread_barrier_t ready;

static void *waiter(void *arg) {
  pthread_barrier_wait(&ready);
  sem_wait(&sem);  /* never posted */
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&sem, 0, 0);
  fprintf(stderr, "semaphore at %p\n", (void *)&sem);
  pthread_barrier_init(&ready, 0, 2);
  pthread_create(&t, 0, waiter, 0);
  pthread_barrier_wait(&ready);
  return 0;
}
// CHECK: semaphore at [[SEM:0x[0-9a-f]+]]
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait), created by main thread at:
// CHECK: Blocked in sem_wait on semaphore [[SEM]]
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

// C: an atexit handler starts a thread that never ends (and another that
// it joins): the at-exit verdict comes after every handler, so the first is
// reported, the joined one is not.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

static sem_t started, never;

static void *forever(void *arg) {
  sem_post(&started);
  sem_wait(&never);
  return arg;
}
static void *quick(void *arg) { return arg; }

static void at_exit_handler(void) {
  pthread_t t, j;
  pthread_create(&t, 0, forever, 0);
  pthread_create(&j, 0, quick, 0);
  pthread_join(j, 0);
  sem_wait(&started);
}

int main(void) {
  sem_init(&started, 0, 0);
  sem_init(&never, 0, 0);
  atexit(at_exit_handler);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait), created by main thread at:
// CHECK: in at_exit_handler {{.*}}rel_thread_from_atexit.c:21
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

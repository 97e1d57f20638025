// dump_signal=10 (SIGUSR1): on the signal, tlsan prints every thread's
// state and stacks, and the program goes on (exit status 0). The thread
// that received the signal is not in the dump.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=dump_signal=10 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>

static sem_t go, started;

static void *waiter(void *arg) {
  sem_post(&started);
  sem_wait(&go);
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&go, 0, 0), sem_init(&started, 0, 0);
  pthread_create(&t, 0, waiter, 0);
  sem_wait(&started);
  raise(SIGUSR1); /* handled on this thread, before raise returns */
  sem_post(&go);
  pthread_join(t, 0);
  puts("program went on");
  return 0;
}
// CHECK: ThreadLeakSanitizer: thread dump on signal 10; 1 thread(s):
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in {{sem_wait|futex}})
// CHECK: in waiter {{.*}}dump_signal.c:15
// CHECK: SUMMARY: ThreadLeakSanitizer: thread dump: 1 thread(s): 1 blocked, 0 running, 0 finished.
// CHECK: program went on

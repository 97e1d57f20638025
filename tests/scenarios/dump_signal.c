// dump_signal=10 (SIGUSR1): on the signal, tlsan prints every thread's
// state and stacks, and the program goes on (exit status 0). The thread
// that received the signal is not in the dump.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=dump_signal=10 %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: rm -rf %t.sarif && mkdir %t.sarif
// RUN: env TLSAN_OPTIONS=dump_signal=10:report_format=sarif:log_path=%t.sarif/ %expect_exit 0 %t
// RUN: %sarif %t.sarif/* | %FileCheck %s --check-prefix=SARIF
// SARIF: sarif: runs=1 results=1 rules=thread-dump levels=note errors=0
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sem_t go;
static volatile pid_t waiter_tid;

static void *waiter(void *arg) {
  waiter_tid = gettid();
  sem_wait(&go); /* the only place where this thread sleeps */
  return arg;
}

int main(void) {
  pthread_t t;
  char path[64], state = 0;
  sem_init(&go, 0, 0);
  pthread_create(&t, 0, waiter, 0);
  while (state != 'S') { /* until the waiter sleeps: in sem_wait */
    FILE *f = waiter_tid ? (snprintf(path, sizeof path, "/proc/self/task/%d/stat", waiter_tid), fopen(path, "r")) : 0;
    if (f) fscanf(f, "%*d (%*[^)]) %c", &state), fclose(f);
  }
  raise(SIGUSR1); /* handled on this thread, before raise returns */
  sem_post(&go);
  pthread_join(t, 0), puts("program went on");
  return 0;
}
// CHECK: ThreadLeakSanitizer: thread dump on signal 10; 1 thread(s):
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait)
// CHECK: in waiter {{.*}}dump_signal.c:22
// CHECK: SUMMARY: ThreadLeakSanitizer: thread dump: 1 thread(s): 1 blocked, 0 running, 0 finished.
// CHECK: program went on

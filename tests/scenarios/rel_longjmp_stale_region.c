// C: a signal handler siglongjmps out of read() (its interceptor's region
// is never closed), and the thread then spins on the CPU, in no
// intercepted call: it must be reported running, not blocked in read().
// The classifier sees that the thread's stack pointer is above the frame
// the read() interceptor published: that frame was popped.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %t 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sigjmp_buf jump;
static int fds[2];
static volatile int tid, jumped;
static void on_signal(int sig) { siglongjmp(jump, 1); }

static void *reader(void *arg) {
  if (sigsetjmp(jump, 1) == 0) tid = gettid(), read(fds[0], &(char){0}, 1);
  for (jumped = 1;;) {}  /* spins until the process exits */
  return arg;
}

int main(void) {
  pthread_t t;
  signal(SIGUSR1, on_signal), pipe(fds);
  pthread_create(&t, 0, reader, 0);
  wait_asleep(wait_for_tid(&tid));  /* asleep in read() */
  pthread_kill(t, SIGUSR1);
  while (!jumped) sched_yield();
}
// CHECK: Thread T1 (tid={{[0-9]+}}, running{{.*}}), created by main thread at:

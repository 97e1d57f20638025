// C: a signal handler siglongjmps out of read() (its interceptor's region
// is never closed), and the thread then waits in splice, which tlsan does
// not intercept: the call to splice overwrote the return address above
// read's interceptor frame, so the stale region is dropped and the thread
// is reported blocked in the system call /proc names (not in read).
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %t 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sigjmp_buf jump;
static int fds[2], empty[2], sink[2];
static volatile int tid, jumped;
static void on_signal(int sig) { siglongjmp(jump, 1); }

static void *reader(void *arg) {
  if (sigsetjmp(jump, 1) == 0) tid = gettid(), read(fds[0], &(char){0}, 1);
  jumped = 1;
  for (;;) splice(empty[0], 0, sink[1], 0, 1, 0);  /* nothing ever comes */
  return arg;
}

int main(void) {
  pthread_t t;
  signal(SIGUSR1, on_signal), pipe(fds), pipe(empty), pipe(sink);
  pthread_create(&t, 0, reader, 0);
  wait_asleep(wait_for_tid(&tid)), pthread_kill(t, SIGUSR1);  /* in read */
  while (!jumped) sched_yield();
  wait_asleep(tid);  /* in splice */
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in syscall), created by main thread at:

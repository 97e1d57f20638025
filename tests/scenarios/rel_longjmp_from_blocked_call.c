// C: a signal handler siglongjmps out of read() (its interceptor's region
// is never closed), and the thread then waits in sem_wait, where it is
// reported, not in the read it left. (With nothing intercepted after the
// jump: rel_longjmp_stale_region.c.)
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %t 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sigjmp_buf jump;
static sem_t never, jumped;
static int fds[2];
static volatile int tid;
static void on_signal(int sig) { siglongjmp(jump, 1); }

static void wait_after_jump(void) { sem_post(&jumped), sem_wait(&never); }
static void *reader(void *arg) {
  if (sigsetjmp(jump, 1) == 0) tid = gettid(), read(fds[0], &(char){0}, 1);
  wait_after_jump();
  return arg;
}

int main(void) {
  pthread_t t;
  signal(SIGUSR1, on_signal), pipe(fds), sem_init(&never, 0, 0), sem_init(&jumped, 0, 0);
  pthread_create(&t, 0, reader, 0);
  wait_asleep(wait_for_tid(&tid));  /* asleep in read() */
  pthread_kill(t, SIGUSR1), sem_wait(&jumped);
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait), created by main thread at:
// CHECK: Waiting at:
// CHECK-NEXT: in wait_after_jump {{.*}}rel_longjmp_from_blocked_call.c:21

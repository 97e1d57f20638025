// C: a worker forks while another thread waits. In the child the worker is
// the only thread, its main thread now: the child reports only the thread
// it creates itself (status 23), the parent only its own.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t never;
static void *wait_forever(void *arg) { sem_wait(&never); return arg; }

static void *forker(void *arg) {
  pthread_t t;
  int status;
  pid_t pid = fork();
  if (pid == 0)  /* exit from the forking thread; the new thread leaks */
    pthread_create(&t, 0, wait_forever, 0), pthread_setname_np(t, "child-leak"), exit(0);
  waitpid(pid, &status, 0);
  fprintf(stderr, "parent: child exited %d\n", WEXITSTATUS(status));
  return arg;
}

int main(void) {
  pthread_t leaked, f;
  sem_init(&never, 0, 0);
  pthread_create(&leaked, 0, wait_forever, 0), pthread_setname_np(leaked, "parent-leak");
  pthread_create(&f, 0, forker, 0), pthread_join(f, 0);
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T{{[0-9]+}} 'child-leak' (tid={{[0-9]+}}, blocked in sem_wait), created by thread T2 at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// CHECK: parent: child exited 23
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 'parent-leak' (tid={{[0-9]+}}, blocked in sem_wait), created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

// A child made by a raw syscall(SYS_fork) (no pthread_atfork handlers run,
// as in compiler-rt's fork_deadlock test) while the parent has a thread
// blocked: the child does not have it. tlsan notices the
// new process by itself (a wipe-on-fork page), so the child's exit finds
// nothing: status 0, no report, no re-checks of phantoms. The parent joins
// its threads and exits cleanly too.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %run %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>  // the child exits through exit(): tlsan's exit pass
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t started, release;

static void *waiter(void *arg) {
  sem_post(&started);
  sem_wait(&release);
  return arg;
}

int main(void) {
  sem_init(&started, 0, 0);
  sem_init(&release, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  sem_wait(&started);
  long pid = syscall(SYS_fork);
  if (pid == 0) exit(0);
  int status = -1;
  waitpid((pid_t)pid, &status, 0);
  fprintf(stderr, "child exited %d\n", WEXITSTATUS(status));
  sem_post(&release);
  pthread_join(t, 0);
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: child exited 0

// C: a process whose other thread waits forever starts a program with
// posix_spawn, or with vfork+execv: the child (this program, built with
// tlsan, in "child" mode) has no thread and exits 0 without a report; then
// the parent reports its own thread, once.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 23 %t spawn 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 %t vfork 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t never;
static void *wait_forever(void *arg) { sem_wait(&never); return arg; }

int main(int argc, char **argv) {
  if (strcmp(argv[1], "child") == 0) return fprintf(stderr, "child ran\n"), 0;
  char *child[] = {argv[0], "child", 0};
  pthread_t t;
  pid_t pid;
  int status = -1;
  sem_init(&never, 0, 0);
  pthread_create(&t, 0, wait_forever, 0);
  if (strcmp(argv[1], "spawn") == 0)
    posix_spawn(&pid, argv[0], 0, 0, child, __environ);
  else if ((pid = vfork()) == 0)
    execv(argv[0], child), _exit(127);
  waitpid(pid, &status, 0);
  fprintf(stderr, "parent: child exited %d\n", WEXITSTATUS(status));
  return 0;
}
// CHECK: child ran
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: parent: child exited 0
// CHECK: Thread T1 (tid={{[0-9]+}}, {{running|blocked in sem_wait}}), created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// CHECK-NOT: ThreadLeakSanitizer

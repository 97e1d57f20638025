// C: a thread waiting in waitpid for a child process that never exits (it
// pauses; PR_SET_PDEATHSIG kills it when the test ends): blocked in waitpid
// on the child's pid, kind wait; exit 23.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "wait" and b["call"] == "waitpid" and int(b["object"], 16) > 0'
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;
static pthread_barrier_t started;

static void *reaper(void *arg) {
  pthread_barrier_wait(&started);
  waitpid(child, 0, 0);  /* the child never exits */
  return arg;
}

int main(void) {
  pid_t parent = getpid();
  pthread_t t;
  if ((child = fork()) == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  /* dies with the test */
    if (getppid() == parent) pause();
    _exit(0);
  }
  fprintf(stderr, "child 0x%x\n", (unsigned)child);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, reaper, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: child [[CHILD:0x[0-9a-f]+]]
// CHECK: Blocked in waitpid on wait [[CHILD]], for {{[0-9]+}} ms.

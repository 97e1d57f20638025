// hang_timeout_ms starts a watchdog thread; it is tlsan's own: never
// reported by the at-exit pass, and a forked child (which has no watchdog)
// runs its own at-exit pass cleanly too. (That it takes no T<n> from the
// program's threads: hang_condvar.cpp.)
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=5000 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  pthread_join(t, 0);
  pid_t child = fork();
  if (child == 0) {
    pthread_create(&t, 0, work, 0);
    pthread_join(t, 0);
    exit(0); /* the child's at-exit pass runs */
  }
  int status = -1;
  waitpid(child, &status, 0);
  printf("child exited with %d\n", WEXITSTATUS(status));
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: child exited with 0
// CHECK-NOT: ThreadLeakSanitizer

// C: execve("/bin/true") from a process whose other thread waits forever:
// the new image inherits no report (nothing runs at exec) and exits 0,
// also with libtlsan.so preloaded into it (it has no threads of its own).
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
// RUN: %clang %s -o %t.plain
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain 2>&1 | %FileCheck %s --allow-empty
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

static sem_t started, never;

static void *wait_forever(void *arg) {
  sem_post(&started);
  sem_wait(&never);
  return arg;
}

int main(void) {
  pthread_t t;
  char *argv[] = {"/bin/true", 0};
  sem_init(&started, 0, 0);
  sem_init(&never, 0, 0);
  pthread_create(&t, 0, wait_forever, 0);
  sem_wait(&started);
  execve("/bin/true", argv, __environ);
  return 1;
}
// CHECK-NOT: ThreadLeakSanitizer

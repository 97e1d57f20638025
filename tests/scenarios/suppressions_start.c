// `start:` matches a thread's start routine by function name (symbolized
// after the leak pass: phase 2), and conditions joined by ` && ` must all
// match: the thread parked in park_forever is suppressed and counted once,
// the one with another start routine stays reported, alone.
// RUN: %clang_tlsan %s -o %t
// RUN: echo "start:park_forever && blocked:park_forever  # parked on purpose" > %t.supp
// RUN: env TLSAN_OPTIONS=suppressions=%t.supp %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>

static sem_t never;

static void *park_forever(void *arg) {
  sem_wait(&never);
  return arg;
}

static void *other(void *arg) {
  sem_wait(&never);
  return arg;
}

int main(void) {
  sem_init(&never, 0, 0);
  pthread_t a, b;
  pthread_create(&a, NULL, park_forever, NULL);
  pthread_create(&b, NULL, other, NULL);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T2 (tid={{[0-9]+}}, blocked in sem_wait)
// CHECK: Suppressions used:
// CHECK-NEXT: threads pattern
// CHECK-NEXT: {{^ +}}1 start:park_forever && blocked:park_forever{{$}}

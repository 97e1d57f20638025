// C: a leaked thread of a program built without debug info (-g0): its
// creating frame shows as module+offset, and the report says once, before
// SUMMARY, that file:line needs -g. Built with -g: file:line, no such line.
// RUN: %clang_tlsan -g0 %s -o %t.nodebug
// RUN: %expect_exit 23 %t.nodebug 2>&1 | %FileCheck %s --check-prefix=NODEBUG
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=DEBUG
#include <pthread.h>

static pthread_barrier_t ready;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locker(void *arg) {
  pthread_barrier_wait(&ready);
  pthread_mutex_lock(&mu); /* main holds it until the end */
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&mu);
  pthread_barrier_init(&ready, 0, 2);
  pthread_create(&t, 0, locker, 0);
  pthread_barrier_wait(&ready);
  return 0;
}
// NODEBUG: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// NODEBUG: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main ({{.*}}.nodebug+0x{{[0-9a-f]+}}){{$}}
// NODEBUG: {{^}}file:line needs debug info: build with -g{{$}}
// NODEBUG-EMPTY:
// NODEBUG-NEXT: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// NODEBUG-NOT: debug info
// DEBUG: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// DEBUG: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main {{.*}}words_no_debug_info.c:23
// DEBUG-NOT: debug info
// DEBUG: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

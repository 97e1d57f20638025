// C: a leaking program built with tlsan, run under valgrind (memcheck):
// tlsan's report still appears, exit status 23, and valgrind finds no error
// (it would exit 99). Valgrind 3.19 cannot read clang-19's DWARF 5, which
// libtlsan.a carries too: -gdwarf-4, and no debug info linked in (tlsan then
// symbolizes from the symbol table).
// RUN: %clang_tlsan -gdwarf-4 -Wl,--strip-debug %s -o %t
// RUN: %expect_exit 23 valgrind -q --error-exitcode=99 %t 2>&1 | %FileCheck %s
#include <pthread.h>

static pthread_barrier_t ready;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locker(void *arg) {
  pthread_barrier_wait(&ready);
  pthread_mutex_lock(&mu);  /* main holds it forever */
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
// CHECK-NOT: {{^==[0-9]+== }}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, {{blocked in pthread_mutex_lock|running}}), created by main thread at:
// CHECK: in main (
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// CHECK-NOT: {{^==[0-9]+== }}

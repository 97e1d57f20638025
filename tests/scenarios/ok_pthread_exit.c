// Threads that leave through pthread_exit (also from a nested call) and are
// joined, and a C11 thread joined with thrd_join: nothing leaks.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
#include <pthread.h>
#include <threads.h>

static void leave(void) { pthread_exit((void *)42); }

static void *body(void *arg) {
  if (arg) leave();
  pthread_exit(0);
}

static int c11_body(void *arg) { return arg ? 1 : 0; }

int main(void) {
  pthread_t a, b;
  void *ra, *rb;
  thrd_t c;
  int rc;
  pthread_create(&a, 0, body, (void *)1);
  pthread_create(&b, 0, body, 0);
  pthread_join(a, &ra);
  pthread_join(b, &rb);
  thrd_create(&c, c11_body, (void *)1);
  thrd_join(c, &rc);
  return ra == (void *)42 && rb == 0 && rc == 1 ? 0 : 1;
}
// CHECK-NOT: ThreadLeakSanitizer

// A healthy long join: main joins a thread that works (sleeps) for 5 s.
// The join is checked every so often; no report, exit status 0.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=100 %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
#include <pthread.h>
#include <unistd.h>

static void *work(void *arg) {
  sleep(5);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  return pthread_join(t, 0);
}
// CHECK-NOT: ThreadLeakSanitizer

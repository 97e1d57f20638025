// A C program, built with tlsan-cc: one pthread, joined. No report.
// RUN: %clang_tlsan %s -o %t && %run %t 2>&1 | %FileCheck %s --allow-empty
// CHECK-NOT: ThreadLeakSanitizer
#include <pthread.h>
#include <stddef.h>

static void *work(void *arg) { return arg; }

int main(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, work, NULL) != 0)
    return 1;
  return pthread_join(thread, NULL);
}

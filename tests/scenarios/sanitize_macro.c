// Code can test for the sanitizer as it does for ASan: compiled with
// -fsanitize=thread-leak, __SANITIZE_THREAD_LEAK__ is defined (to 1);
// compiled without, it is not.
// RUN: %clang_tlsan %s -o %t && %t | %FileCheck %s
// RUN: %clang %s -o %t.plain && %t.plain | %FileCheck %s --check-prefix=PLAIN
// CHECK: __SANITIZE_THREAD_LEAK__=1
// PLAIN: __SANITIZE_THREAD_LEAK__ undefined
#include <stdio.h>

int main(void) {
#ifdef __SANITIZE_THREAD_LEAK__
  printf("__SANITIZE_THREAD_LEAK__=%d\n", __SANITIZE_THREAD_LEAK__);
#else
  puts("__SANITIZE_THREAD_LEAK__ undefined");
#endif
  return 0;
}

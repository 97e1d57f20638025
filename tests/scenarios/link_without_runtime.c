// Compiled with -fsanitize=thread-leak, linked without it (plain cc): the
// link fails and names tlsan's check symbol, instead of building a program
// that silently checks nothing. Linked with the flag, the same object works.
// RUN: %clang_tlsan -c %s -o %t.o
// RUN: not %clang %t.o -o %t 2>&1 | %FileCheck %s
// RUN: %clang_tlsan %t.o -o %t && %run %t | %FileCheck %s --check-prefix=OK
#include <stdio.h>

int main(void) {
  puts("linked with the runtime");
  return 0;
}
// CHECK: {{undefined reference to .|undefined symbol: }}__tlsan_version_mismatch_check_v1
// OK: linked with the runtime

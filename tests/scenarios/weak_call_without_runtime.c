// The rule of sanitizer/tlsan_interface.h for code that may run without the
// runtime: `#pragma weak` each function called, call it only when its
// address is not null. Built without the flag, the program links and runs
// without tlsan; under LD_PRELOAD=libtlsan.so the same binary calls it.
// RUN: %clang -Wall -Wextra -pedantic -Werror -I%tlsan_src/include %s -o %t
// RUN: %run %t | %FileCheck %s --check-prefix=PLAIN
// RUN: env LD_PRELOAD=%libtlsan %run %t | %FileCheck %s --check-prefix=PRELOAD
// RUN: %if gcc %{ %gcc -Wall -Wextra -pedantic -Werror -I%tlsan_src/include %s -o %t-gcc %}
// RUN: %if gcc %{ %run %t-gcc | %FileCheck %s --check-prefix=PLAIN %}
#include <sanitizer/tlsan_interface.h>
#pragma weak __tlsan_is_active
#pragma weak __tlsan_do_recoverable_leak_check

#include <stdio.h>

static int leaked_threads(void) {
  if (&__tlsan_do_recoverable_leak_check == 0) return -1; /* no tlsan */
  return __tlsan_do_recoverable_leak_check();
}

int main(void) {
  int active = &__tlsan_is_active != 0 && __tlsan_is_active();
  printf("active=%d leaked=%d\n", active, leaked_threads());
  return 0;
}
// PLAIN: active=0 leaked=-1
// PRELOAD: active=1 leaked=0

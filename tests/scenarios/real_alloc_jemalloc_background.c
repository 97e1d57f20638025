// jemalloc's background thread (MALLOC_CONF=background_thread:true) is a
// built-in filter: a clean program exits 0 with jemalloc preloaded in either
// order or linked; builtin_filters=0 shows 'jemalloc_bg_thd'.
// REQUIRES: jemalloc
// RUN: %clang %s -o %t
// RUN: env LD_PRELOAD=%libjemalloc:%libtlsan MALLOC_CONF=background_thread:true %t 2>&1 | %FileCheck %s --check-prefix=CLEAN
// RUN: env LD_PRELOAD=%libtlsan:%libjemalloc MALLOC_CONF=background_thread:true %t 2>&1 | %FileCheck %s --check-prefix=CLEAN
// RUN: %clang_tlsan %s -o %t.linked %libjemalloc
// RUN: env MALLOC_CONF=background_thread:true %t.linked 2>&1 | %FileCheck %s --check-prefix=CLEAN
// RUN: %expect_exit 23 env TLSAN_OPTIONS=builtin_filters=0 LD_PRELOAD=%libjemalloc:%libtlsan MALLOC_CONF=background_thread:true %t 2>&1 | %FileCheck %s --check-prefix=ALL
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  for (int i = 0; i < 1000; i++) free(malloc(1000 + i));
  puts("done");
  return 0;
}
// CLEAN: done
// CLEAN-NOT: ThreadLeakSanitizer
// ALL: Thread T{{[0-9]+}} 'jemalloc_bg_thd'

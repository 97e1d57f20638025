// Real library: LLVM's OpenMP runtime (libomp, clang -fopenmp=libomp). Its
// worker threads are joined by libomp's own shutdown when the library is
// unloaded at exit: clean, with or without the built-in filters (no filter
// is needed, and none hides a real leak here).
// REQUIRES: libomp
// RUN: %clang_tlsan -fopenmp=libomp -L/usr/lib/llvm-19/lib -Wl,-rpath,/usr/lib/llvm-19/lib %s -o %t
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <omp.h>
#include <stdio.h>

int main(void) {
  int n = 0;
#pragma omp parallel num_threads(2) reduction(+ : n)
  n += 1;
  printf("threads %d\n", n);
  return 0;
}
// CHECK: threads 2
// CHECK-NOT: ThreadLeakSanitizer

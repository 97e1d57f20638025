// Real library: libgomp (GCC's OpenMP runtime). The first parallel region
// starts a pool of team threads that stay parked in libgomp's own futex wait
// for the next region, for the life of the process: not the program's leak.
// The built-in filter (start routine in libgomp, parked in libgomp) skips
// them; builtin_filters=0 shows the pool thread, created in GOMP_parallel.
// REQUIRES: libgomp
// RUN: %gxx_tlsan -fopenmp %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=RAW
// With OMP_WAIT_POLICY=active the pool thread spins in libgomp's barrier
// instead of sleeping: filtered too (its sampled top frame is in libgomp).
// RUN: env OMP_WAIT_POLICY=active %expect_exit 0 %t 2>&1 | %FileCheck %s
// The built-in line is the user's syntax: in a suppressions file it does the
// same, after symbolization (the futex wait is libgomp's own system call:
// `blocked:` looks at the code that made it).
// RUN: echo "start:libgomp.so && blocked:libgomp.so" > %t.supp
// RUN: env TLSAN_OPTIONS=builtin_filters=0:suppressions=%t.supp %expect_exit 0 %t 2>&1 | %FileCheck %s --check-prefix=USER
#include <omp.h>
#include <cstdio>

int main() {
  int n = 0;
#pragma omp parallel num_threads(2) reduction(+ : n)
  n += 1;
  std::printf("threads %d\n", n);
  return 0;
}
// CHECK: threads 2
// CHECK-NOT: ThreadLeakSanitizer
// RAW: threads 2
// RAW: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// RAW: Thread T1 (tid={{[0-9]+}}, blocked in futex)
// RAW: in GOMP_parallel {{.*}}libgomp.so
// USER: Suppressions used:
// USER: {{^ +}}1 start:libgomp.so && blocked:libgomp.so

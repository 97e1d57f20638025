// Real library: OpenBLAS (Debian's libopenblas, pthreads build). A dgemm
// runs on OpenBLAS's own thread pool (blas_thread_server), which stays
// parked in pthread_cond_wait between calls: a check in the middle of the
// program sees it. Its library destructor shuts the pool down and joins the
// threads before tlsan's verdict: the exit check is clean, with or without
// the built-in filters (none is needed, and none may hide these threads).
// On one CPU OpenBLAS starts no thread: nothing to see.
// REQUIRES: openblas, smp
// RUN: %clang_tlsan %s -o %t -lopenblas
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <cblas.h>
#include <sanitizer/tlsan_interface.h>
#include <stdio.h>

enum { N = 256 };
static double a[N * N], b[N * N], c[N * N];

int main(void) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, N, N, 1.0, a, N,
              b, N, 0.0, c, N);
  int mid = __tlsan_do_recoverable_leak_check();
  fprintf(stderr, "mid-run: %d\n", mid);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_cond_wait), created by main thread
// CHECK: in blas_thread_init {{.*}}libopenblas
// CHECK: mid-run: {{[1-9]}}
// CHECK-NOT: ThreadLeakSanitizer

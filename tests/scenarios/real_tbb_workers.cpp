// Real library: oneTBB 2021.8 (Debian's libtbb-dev). tbb::parallel_for starts
// TBB's worker pool (hardware threads - 1 workers) and keeps it for the life
// of the process: a check in the middle of the program sees the workers,
// blocked in futex (TBB's own futex-based sleep, syscall(SYS_futex), which
// tlsan intercepts), created from libtbb.so.12 under
// tbb::detail::d1::spawn. At exit libtbb's own destructor (in _dl_fini,
// before tlsan's verdict) asks the workers to quit; each detaches itself and
// exits while the leak pass re-checks: the exit check is clean, so TBB needs
// no built-in filter.
// On one CPU TBB starts no worker: nothing to see.
// REQUIRES: smp
// RUN: %clangxx_tlsan %s -ltbb -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 0 %t nomid 2>&1 | %FileCheck %s --check-prefix=CLEAN --allow-empty
#include <sanitizer/tlsan_interface.h>
#include <tbb/parallel_for.h>
#include <atomic>
#include <cstdio>

int main(int argc, char **) {
  std::atomic<long> sum{0};
  tbb::parallel_for(0, 100000, [&](int i) { sum += i; });
  printf("sum %ld\n", sum.load());
  if (argc == 1) {
    fflush(stdout);
    int n = __tlsan_do_recoverable_leak_check();
    printf("mid-run: %s\n", n > 0 ? "workers alive" : "none");
  }
  return 0;
}
// CHECK: sum 4999950000
// CHECK: ERROR: ThreadLeakSanitizer: {{[0-9]+}} thread(s) leaked
// CHECK: Thread T{{[0-9]+}} (tid={{[0-9]+}}, blocked in futex), created by main thread at:
// CHECK: libtbb.so.12
// CHECK: mid-run: workers alive
// CHECK-NOT: ThreadLeakSanitizer
// CLEAN-NOT: ThreadLeakSanitizer

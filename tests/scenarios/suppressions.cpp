// suppressions=FILE: a creator: line silences the leak that function makes,
// a name: line another; print_suppressions shows what matched. A relative
// path is found next to the executable. A malformed file is an error naming
// the file and line, and the run stops (status 1) instead of checking less.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -rf %t.d && mkdir %t.d && cp %t %t.d/prog
// RUN: echo "# known leaks" > %t.d/supp.txt && echo "creator:start_logger" >> %t.d/supp.txt && echo "name:^pool-*$" >> %t.d/supp.txt
// RUN: cd / && env TLSAN_OPTIONS=suppressions=supp.txt %expect_exit 0 %t.d/prog 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=suppressions=supp.txt:print_suppressions=0 %expect_exit 0 %t.d/prog 2>&1 | %FileCheck %s --check-prefix=QUIET --allow-empty
// RUN: echo "nonsense:x" > %t.d/bad.txt
// RUN: env TLSAN_OPTIONS=suppressions=%t.d/bad.txt %expect_exit 1 %t.d/prog 2>&1 | %FileCheck %s --check-prefix=BAD
// RUN: env TLSAN_OPTIONS=suppressions=/no/such/file %expect_exit 1 %t.d/prog 2>&1 | %FileCheck %s --check-prefix=MISSING
#include <latch>
#include <pthread.h>
#include <thread>

std::latch forever(1);

void start_logger() { std::thread([] { forever.wait(); }).detach(); }

int main() {
  start_logger();
  std::thread([] {
    pthread_setname_np(pthread_self(), "pool-1");
    forever.wait();
  }).detach();
  return 0;
}
// CHECK-NOT: ERROR: ThreadLeakSanitizer
// CHECK: Suppressions used:
// CHECK-DAG: 1 creator:start_logger
// CHECK-DAG: 1 name:^pool-*$
// QUIET-NOT: ThreadLeakSanitizer
// QUIET-NOT: Suppressions
// BAD: ERROR: ThreadLeakSanitizer: {{.*}}bad.txt:1: unknown suppression type 'nonsense' (expected thread, creator, blocked, running, name, start or proc)
// MISSING: ERROR: ThreadLeakSanitizer: cannot open suppressions file '/no/such/file'

// Three threads from one creator, one suppression line: "Suppressions
// used:" counts the threads it matched (3), not the report groups (1);
// exit 0.
// RUN: %clangxx_tlsan %s -o %t
// RUN: echo "creator:start_workers" > %t.supp
// RUN: env TLSAN_OPTIONS=suppressions=%t.supp %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <latch>
#include <thread>

std::latch forever(1);
std::latch started(3);

void start_workers() {
  for (int i = 0; i < 3; i++)
    std::thread([] {
      started.count_down();
      forever.wait();
    }).detach();
}

int main() {
  start_workers();
  started.wait();
  return 0;
}
// CHECK-NOT: ERROR: ThreadLeakSanitizer
// CHECK: Suppressions used:
// CHECK-NEXT: threads pattern
// CHECK-NEXT: {{^ +}}3 creator:start_workers

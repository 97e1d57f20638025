// A detached worker arrives at a std::barrier of two that nobody else
// reaches: the report says std::barrier, not a bare futex; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <barrier>
#include <latch>
#include <thread>

std::barrier<> pair(2);
std::latch started(1);

int main() {
  std::thread([] {
    started.count_down();
    pair.arrive_and_wait();  // the second party never comes
  }).detach();
  started.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: Blocked in futex on std::barrier 0x{{[0-9a-f]+}}, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

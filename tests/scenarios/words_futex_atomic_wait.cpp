// A detached worker waits on a std::atomic that never changes
// (std::atomic::wait, C++20): the report says so, not a bare futex; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <atomic>
#include <latch>
#include <thread>

std::atomic<int> flag(0);
std::latch started(1);

int main() {
  std::thread([] {
    started.count_down();
    flag.wait(0);  // nobody stores nor notifies
  }).detach();
  started.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: Blocked in futex on std::atomic::wait 0x{{[0-9a-f]+}}, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

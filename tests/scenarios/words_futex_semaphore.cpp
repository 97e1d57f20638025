// A detached worker acquires a std::counting_semaphore nobody releases.
// libstdc++ waits in syscall(SYS_futex): the report names the library wait
// from the waiting frames instead of saying "futex"; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <latch>
#include <semaphore>
#include <thread>

std::counting_semaphore<4> empty(0);
std::latch started(1);

int main() {
  std::thread([] {
    started.count_down();
    empty.acquire();  // nobody releases
  }).detach();
  started.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: Blocked in futex on std::counting_semaphore 0x{{[0-9a-f]+}}, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

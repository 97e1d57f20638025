// A detached worker calls get() on a std::future whose promise is never
// set: the report says std::future::get, not a bare futex; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <future>
#include <latch>
#include <thread>

std::promise<int> never_set;
std::latch started(1);

int main() {
  std::future<int> result = never_set.get_future();
  std::thread([&result] {
    started.count_down();
    result.get();  // the promise is never set
  }).detach();
  started.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: Blocked in futex on std::future::get 0x{{[0-9a-f]+}}, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

// hang_timeout_ms: a std::future whose promise is never set; its get()
// waits forever (a futex wait inside libstdc++). Reported as a hang with
// the waiting stack.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=300 %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <future>

int main() {
  std::promise<int> never_set;
  std::future<int> result = never_set.get_future();
  return result.get();
}
// CHECK: ERROR: ThreadLeakSanitizer: hang: no thread has made progress for {{[0-9]+}} ms; 1 thread(s):
// CHECK: Main thread (tid={{[0-9]+}}, blocked in futex):
// CHECK: Waiting at:
// CHECK: in main {{.*}}hang_future.cpp:11
// CHECK: SUMMARY: ThreadLeakSanitizer: hang: 1 thread(s): 1 blocked, 0 running, 0 finished.

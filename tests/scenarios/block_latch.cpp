// A detached worker waiting on a std::latch that never opens. libstdc++
// waits with syscall(SYS_futex, ...): blocked in futex, kind futex; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "futex" and leaks[0]["blocked_on"]["call"] == "futex"'
// RUN: %json %t.log 'leaks[0]["blocked_on"]["object"] is not None'
#include <latch>
#include <thread>

std::latch never(1);
std::latch started(1);

int main() {
  std::thread([] {
    started.count_down();
    never.wait();  // nobody counts down
  }).detach();
  started.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: Blocked in futex on std::latch 0x{{[0-9a-f]+}}
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

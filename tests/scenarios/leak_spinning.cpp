// A thread spinning in a loop nobody stops: reported as running.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=max_retries=1 %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <atomic>
#include <latch>
#include <thread>

std::atomic<bool> stop{false};
std::latch running(1);

int main() {
  std::thread spinner([] {
    running.count_down();
    while (!stop.load(std::memory_order_relaxed)) {
    }
  });
  spinner.detach();
  running.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, running), detached, created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 0 blocked, 1 running, 0 finished.

// A detached thread still finishing for ~50 ms after main returns is not a
// leak: the exit pass retries with backoff until it is gone. Exit 0.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
#include <chrono>
#include <latch>
#include <thread>

int main() {
  std::latch started(1);
  std::thread([&started] {
    started.count_down();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }).detach();
  started.wait();
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer

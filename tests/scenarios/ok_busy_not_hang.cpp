// hang_timeout_ms: a thread that keeps the CPU busy is progress, not a
// hang, even while every other thread (main, joining it) is blocked for
// far longer than the timeout.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=200 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

std::atomic<unsigned long> sink;

int main() {
  std::thread busy([] {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    while (std::chrono::steady_clock::now() < end) sink++;
  });
  busy.join();
  std::printf("busy thread done\n");
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: busy thread done

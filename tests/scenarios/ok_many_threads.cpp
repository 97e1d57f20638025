// 1,000 short threads, all joined, and 100 detached ones that end before
// main does: nothing to report, and the registry recycles its records.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
#include <latch>
#include <thread>
#include <vector>

int main() {
  for (int round = 0; round < 10; ++round) {
    std::vector<std::thread> threads;
    for (int i = 0; i < 100; ++i) threads.emplace_back([] {});
    for (std::thread &t : threads) t.join();
  }
  std::latch done(100);
  for (int i = 0; i < 100; ++i)
    std::thread([&done] { done.count_down(); }).detach();
  done.wait();
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer

// Four std::threads, all joined before main returns: no report.
// RUN: %clangxx_tlsan %s -o %t && %run %t 2>&1 | %FileCheck %s --allow-empty --check-prefix=CHECK
// CHECK-NOT: ThreadLeakSanitizer
#include <thread>
#include <vector>

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([] {});
  for (std::thread &t : threads)
    t.join();
  return 0;
}

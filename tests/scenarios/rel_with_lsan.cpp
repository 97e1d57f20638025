// tlsan beside LeakSanitizer in one binary, as part of ASan (detect_leaks=1)
// and standalone (-fsanitize=leak): LSan stops the world at exit with a
// leaked thread alive, finds no memory leak, and tlsan still reports the
// thread. (A memory leak too: rel_with_lsan_both_leaks.cpp.)
// RUN: %clangxx_tlsan -fsanitize=address %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_leaks=1 %expect_exit 23 %t.asan 2>&1 | %FileCheck %s
// RUN: %clangxx_tlsan -fsanitize=leak %s -o %t.lsan
// RUN: %expect_exit 23 %t.lsan 2>&1 | %FileCheck %s
#include <latch>
#include <memory>
#include <thread>

std::latch forever(1);
std::unique_ptr<int[]> reachable(new int[100]);  // not a leak

int main() {
  std::latch started(1);
  std::thread([&started] {
    auto on_its_stack = std::make_unique<int[]>(100);  // nor this
    started.count_down();
    forever.wait();
  }).detach();
  started.wait();
  return 0;
}
// CHECK-NOT: ERROR: LeakSanitizer
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// CHECK-NOT: ERROR: LeakSanitizer

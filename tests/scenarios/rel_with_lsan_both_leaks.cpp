// LeakSanitizer finds a memory leak and tlsan a leaked thread: both must be
// reported. LSan's at-exit check runs first and ends the process (Die);
// tlsan takes its verdict from LSan's death callback, before that, and
// the exit status stays LSan's (23 standalone, ASan's 1 within ASan).
// RUN: %clangxx_tlsan -fsanitize=leak %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: %clangxx_tlsan -fsanitize=address %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_leaks=1 %expect_exit 1 %t.asan 2>&1 | %FileCheck %s
#include <cstdio>
#include <latch>
#include <thread>

std::latch forever(1);
void *volatile lost;

int main() {
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  lost = new int[100];
  lost = nullptr;  // a memory leak
  return 0;
}
// CHECK-DAG: ERROR: LeakSanitizer: detected memory leaks
// CHECK-DAG: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

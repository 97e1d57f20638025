// LeakSanitizer finds a memory leak and tlsan a leaked thread: both must be
// reported. KNOWN BUG: LSan's at-exit check runs first and ends the process
// (Die) before tlsan's verdict; XPASS once tlsan also reports from a
// sanitizer death callback (__sanitizer_set_death_callback).
// XFAIL: *
// RUN: %clangxx_tlsan -fsanitize=leak %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
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

// The program runs with stderr closed (log_path=stderr, the default): the
// report can reach no one, but tlsan must not crash, must not write it
// into the program's stdout, and the exit status stays 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 sh -c 'exec 2>&-; exec %t' | %FileCheck %s
#include <cstdio>
#include <latch>
#include <thread>

std::latch forever(1);

int main() {
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  std::printf("main done\n");
  return 0;
}
// CHECK: main done
// CHECK-NOT: {{.}}

// With leaks, a program's own non-zero status is kept; exitcode= changes
// the status used when the program's status was 0; what the program printed
// on stdout comes first, whole.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=max_retries=0 %expect_exit 3 %t 3 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=max_retries=0:exitcode=42 %expect_exit 42 %t 0 2>&1 | %FileCheck %s
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <thread>

int main(int argc, char **argv) {
  std::latch forever(1);
  std::latch started(1);
  std::thread([&] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  std::printf("program output\n");  // buffered: must survive exit
  return std::atoi(argv[1]);
}
// CHECK: program output
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit

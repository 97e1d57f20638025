// The program closes stderr before it exits (xz does): the report still
// reaches the stderr the process started with, through the duplicate tlsan
// kept at start-up. A descriptor the program opens afterwards (it gets the
// free number 2, read-only) is not written to.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <latch>
#include <thread>

std::latch forever(1);

int main() {
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  fprintf(stderr, "closing stderr\n");
  fclose(stderr);
  if (open("/dev/null", O_RDONLY) != 2) return 1;  // takes the number 2
  return 0;
}
// CHECK: closing stderr
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

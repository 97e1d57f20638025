// A worker calls exit() while main waits to join it: main is not a leak,
// the exiting worker is not a leak, another blocked worker is.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <cstdlib>
#include <latch>
#include <thread>

int main() {
  std::latch forever(1);
  std::latch blocked(1);
  std::thread sleeper([&] { blocked.count_down(); forever.wait(); });
  blocked.wait();
  std::thread quitter([] { std::exit(0); });
  quitter.join();  // never returns: quitter ends the process
  sleeper.join();
  return 1;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

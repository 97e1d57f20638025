// Built with g++ and _FORTIFY_SOURCE, a read into a buffer of known size
// becomes __read_chk, which reaches read inside libc; tlsan intercepts
// __read_chk and reports the call the program wrote: blocked in read on
// fd 42 (0x2a). (clang's fortification keeps the plain read here.)
// REQUIRES: gcc
// RUN: %gxx_tlsan -O2 -D_FORTIFY_SOURCE=2 -S %s -o - | %FileCheck %s --check-prefix=ASM
// RUN: %gxx_tlsan -O2 -D_FORTIFY_SOURCE=2 %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <latch>
#include <thread>
#include <unistd.h>

std::latch started(1);
volatile size_t size = 1;

int main() {
  int fds[2];
  if (pipe(fds) != 0 || dup2(fds[0], 42) != 42) return 1;
  std::thread([] {
    char buf[16];
    started.count_down();
    if (read(42, buf, size) < 0) {}  // nobody ever writes
  }).detach();
  started.wait();
  return 0;
}
// ASM: call{{.*}}__read_chk
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in read), detached, created by main thread at:
// CHECK: Blocked in read on fd 42 (pipe), for {{[0-9]+}} ms.

// fork() while a leaked thread waits: the child has only the forking thread,
// so its own exit finds nothing (status 0, no report); the parent reports
// its thread, once, and not the child's.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <latch>
#include <thread>

std::latch forever(1);

int main() {
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  pid_t pid = fork();
  if (pid == 0) {
    std::thread([] {}).join();  // tlsan still works in the child
    fprintf(stderr, "child done\n");
    return 0;
  }
  int status = -1;
  waitpid(pid, &status, 0);
  fprintf(stderr, "parent: child exited %d\n", WEXITSTATUS(status));
  return 0;
}
// CHECK: child done
// CHECK-NOT: ThreadLeakSanitizer
// CHECK: parent: child exited 0
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK-NOT: Thread T
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// CHECK-NOT: ThreadLeakSanitizer

// A static destructor joins a worker that waits forever: without tlsan the
// process hangs in exit(). tlsan bounds the join, reports the leak and what
// exit is stuck on, and ends the process with exitcode.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=exit_join_timeout_ms=200 %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -rf %t.sarif && mkdir %t.sarif
// RUN: env TLSAN_OPTIONS=exit_join_timeout_ms=200:report_format=sarif:log_path=%t.sarif/ %expect_exit 23 %t
// RUN: %sarif %t.sarif/* | %FileCheck %s --check-prefix=SARIF
// SARIF: sarif: runs=1 results=1 rules=thread-leak levels=error errors=0
#include <latch>
#include <thread>

std::latch never(1);
struct Owner {
  std::thread worker{[] { never.wait(); }};
  ~Owner() { worker.join(); }  // nobody counts `never` down
};
Owner owner;

int main() { return 0; }
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: ERROR: ThreadLeakSanitizer: exit is stuck: pthread_join of thread T1 (tid={{[0-9]+}}), called while the process exits
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), created by main thread at:
// CHECK: in Owner::Owner()

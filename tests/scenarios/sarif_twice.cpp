// report_format=sarif with log_path: a process that reports twice (an
// on-demand check, then the check at exit) writes one SARIF log, with one
// run per report, that Microsoft's validator accepts.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -rf %t.sarif && mkdir %t.sarif
// RUN: env TLSAN_OPTIONS=report_format=sarif:log_path=%t.sarif/:max_retries=0 %expect_exit 23 %t
// RUN: %sarif %t.sarif/* | %FileCheck %s
// CHECK: sarif: runs=2 results=2 rules=thread-leak levels=error errors=0
#include <sanitizer/tlsan_interface.h>

#include <latch>
#include <thread>

std::latch never(1), started(1);

int main() {
  std::thread worker([] {
    started.count_down();
    never.wait();
  });
  started.wait();
  __tlsan_do_recoverable_leak_check();  // the first report: the program goes on
  worker.detach();
  return 0;  // the second: the same thread, at exit
}

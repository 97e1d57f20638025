// A thread spinning on the CPU is told apart from one merely runnable: its
// CPU time grows during the exit pass's retries. Its current stack is taken
// with one SIGWINCH (stack_of_running_threads=0: no signal, no stack).
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 1 and leaks[0]["state"] == "running" and leaks[0]["spinning"]'
// RUN: %json %t.log 'any(f["file"] and f["file"].endswith("spinning.cpp") for f in leaks[0]["stack"])'
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=stack_of_running_threads=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=NOSIGNAL
#include <atomic>
#include <latch>
#include <thread>

std::atomic<bool> stop{false};

int main() {
  std::latch running(1);
  std::thread([&running] {
    running.count_down();
    while (!stop.load(std::memory_order_relaxed)) {
    }
  }).detach();
  running.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, running, spinning on the CPU), detached
// CHECK: Running at:
// CHECK: in main::$_0::operator()() const {{.*}}spinning.cpp:{{[0-9]+}}
// NOSIGNAL: running, spinning on the CPU
// NOSIGNAL-NOT: Running at:

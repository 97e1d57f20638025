// A thread spinning on the CPU is told apart from one merely runnable: its
// CPU time grows during the exit pass's retries.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 1 and leaks[0]["state"] == "running" and leaks[0]["spinning"]'
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

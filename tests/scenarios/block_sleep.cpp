// A detached worker sleeping for a long time (std::this_thread::sleep_for,
// which libstdc++ implements inline with nanosleep) when main returns:
// blocked in nanosleep, kind sleep; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "sleep" and b["call"] == "nanosleep" and b["object"] == hex(1000 * 1000)'
#include <chrono>
#include <latch>
#include <thread>

std::latch started(1);

void start_poller() {
  std::thread([] {
    started.count_down();
    std::this_thread::sleep_for(std::chrono::seconds(1000));
  }).detach();
}

int main() {
  start_poller();
  started.wait();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in nanosleep), detached, created by main thread at:
// CHECK: in start_poller() {{.*}}block_sleep.cpp
// CHECK: Blocked in nanosleep, sleeping (asked for 1000 s), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

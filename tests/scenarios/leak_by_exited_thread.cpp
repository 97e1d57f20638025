// The leaked thread was created by a thread that itself ended cleanly
// (joined): the report names its creator, T1, and the creator's stack.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=stdout %expect_exit 23 %t > %t.json
// RUN: %json %t.json 'len(leaks) == 1 and leaks[0]["thread"] == "T2" and leaks[0]["created_by"] != r["pid"]'
#include <condition_variable>
#include <latch>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable never;
std::latch blocked(1);

void start_orphan() {
  std::thread([] {
    std::unique_lock<std::mutex> lock(mu);
    blocked.count_down();
    never.wait(lock, [] { return false; });
  }).detach();
}

int main() {
  std::thread parent(start_orphan);
  parent.join();
  blocked.wait();
  return 0;
}
// CHECK: Thread T2 (tid={{[0-9]+}}, blocked in pthread_cond_wait), detached, created by thread T1 at:
// CHECK: in start_orphan() {{.*}}leak_by_exited_thread.cpp
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

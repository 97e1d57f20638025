// main holds a std::shared_mutex exclusively; a detached reader blocks in
// lock_shared: blocked in pthread_rwlock_rdlock on that rwlock; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "rwlock" and leaks[0]["blocked_on"]["call"] == "pthread_rwlock_rdlock"'
#include <cstdio>
#include <latch>
#include <shared_mutex>
#include <thread>

std::shared_mutex sm;
std::latch started(1);

int main() {
  sm.lock();
  fprintf(stderr, "rwlock at %p\n", (void *)&sm);
  std::thread([] {
    started.count_down();
    std::shared_lock<std::shared_mutex> lock(sm);  // main never unlocks
  }).detach();
  started.wait();
  return 0;
}
// CHECK: rwlock at [[RW:0x[0-9a-f]+]]
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_rwlock_rdlock), detached, created by main thread at:
// CHECK: Blocked in pthread_rwlock_rdlock on rwlock [[RW]]
// CHECK-NEXT: Waiting at:
// CHECK-NEXT: #0 {{.*}} in std::__glibcxx_rwlock_rdlock
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

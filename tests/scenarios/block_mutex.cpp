// A detached worker blocked forever in std::mutex::lock on a mutex that main
// holds: blocked in pthread_mutex_lock on that mutex, held by main; exit 23.
// The same through LD_PRELOAD on a build without tlsan.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "mutex" and leaks[0]["blocked_on"]["call"] == "pthread_mutex_lock"'
// RUN: %json %t.log 'leaks[0]["blocked_on"]["owner_tid"] == r["pid"]'
// RUN: %clangxx %s -o %t.plain
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 23 %t.plain 2>&1 | %FileCheck %s
// RUN: %expect_exit 0 %t.plain
#include <cstdio>
#include <latch>
#include <mutex>
#include <thread>

std::mutex mu;
std::latch started(1);

void spawn_locker() {
  std::thread([] {
    started.count_down();
    std::lock_guard<std::mutex> lock(mu);  // main holds it forever
  }).detach();
}

int main() {
  mu.lock();
  fprintf(stderr, "mutex at %p\n", (void *)&mu);
  spawn_locker();
  started.wait();
  return 0;
}
// CHECK: mutex at [[MU:0x[0-9a-f]+]]
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_mutex_lock), detached, created by main thread at:
// CHECK: in spawn_locker() {{.*}}block_mutex.cpp
// CHECK: Blocked in pthread_mutex_lock on mutex [[MU]]
// The interceptor's slow path is a tail call: frame #0 is the caller.
// CHECK-NEXT: Waiting at:
// CHECK-NEXT: #0 {{.*}} in __gthread_mutex_lock
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

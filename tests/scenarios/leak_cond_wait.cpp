// A detached thread blocked forever on a condition variable: reported as
// blocked in pthread_cond_wait, with its name and the stack that created
// it; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 1 and leaks[0]["state"] == "blocked" and leaks[0]["name"] == "waiter" and leaks[0]["detached"] and leaks[0]["blocked_on"]["kind"] == "condvar" and leaks[0]["blocked_on"]["call"] == "pthread_cond_wait"'
// RUN: %json %t.log 'any(f["function"] == "spawn_waiter()" for f in leaks[0]["creation_stack"]) and r["summary"]["blocked"] == 1'
#include <condition_variable>
#include <latch>
#include <mutex>
#include <pthread.h>
#include <thread>

std::mutex mu;
std::condition_variable cv;
std::latch started(1);

void spawn_waiter() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "waiter");
    std::unique_lock<std::mutex> lock(mu);
    started.count_down();
    cv.wait(lock, [] { return false; });  // nobody ever notifies
  }).detach();
}

int main() {
  spawn_waiter();
  started.wait();
  return 0;
}
// CHECK: ==[[PID:[0-9]+]]==ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 'waiter' (tid={{[0-9]+}}, blocked in pthread_cond_wait), detached, created by main thread at:
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in spawn_waiter() {{.*}}leak_cond_wait.cpp:{{[0-9]+}}
// CHECK: in main {{.*}}leak_cond_wait.cpp
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

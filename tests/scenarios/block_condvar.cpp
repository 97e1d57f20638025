// A detached worker waiting forever on a std::condition_variable: blocked in
// pthread_cond_wait on that condition variable; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "condvar" and leaks[0]["blocked_on"]["call"] == "pthread_cond_wait"'
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable cv;
bool started = false;

int main() {
  fprintf(stderr, "condvar at %p\n", (void *)&cv);
  std::thread([] {
    std::unique_lock<std::mutex> lock(mu);
    started = true;
    cv.notify_all();
    cv.wait(lock, [] { return false; });  // nobody notifies again
  }).detach();
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [] { return started; });
  return 0;  // the worker waits on cv (it released mu there)
}
// CHECK: condvar at [[CV:0x[0-9a-f]+]]
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_cond_wait), detached, created by main thread at:
// CHECK: Blocked in pthread_cond_wait on condvar [[CV]]
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

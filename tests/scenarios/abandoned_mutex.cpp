// A thread locks a mutex and ends without unlocking it (and is joined):
// the thread that then waits for the mutex can never get it.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 1 and leaks[0]["cause"] == "abandoned" and leaks[0]["blocked_on"]["kind"] == "mutex" and leaks[0]["blocked_on"]["owner_thread"] == "T1"'
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <mutex>
#include <thread>

std::mutex mu;

int main() {
  std::thread careless([] { mu.lock(); });  // returns holding it
  careless.join();
  std::thread([] { std::lock_guard<std::mutex> g(mu); }).detach();
  return 0;
}
// CHECK: Thread T2 (tid={{[0-9]+}}, blocked in pthread_mutex_lock), detached
// CHECK: held by thread T1 (tid={{[0-9]+}})
// CHECK: Abandoned: the holder is gone (finished or exited) without releasing it.

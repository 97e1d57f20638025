// hang_timeout_ms: the main thread waits on a condition variable nobody
// will notify (its worker took the mutex meanwhile and finished without a
// word). No thread makes progress: tlsan prints every thread's state,
// stacks and what it waits on, then ends the process with exitcode.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=300 %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=300:report_format=json %expect_exit 23 %t > %t.json 2>&1
// RUN: %json %t.json 'r["check"] == "hang" and r["idle_ms"] >= 300 and len(leaks) == 2'
// RUN: rm -rf %t.sarif && mkdir %t.sarif
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=300:report_format=sarif:log_path=%t.sarif/ %expect_exit 23 %t
// RUN: %sarif %t.sarif/* | %FileCheck %s --check-prefix=SARIF
// SARIF: sarif: runs=1 results=2 rules=thread-hang levels=error errors=0
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable never_notified;
bool ready = false;

int main() {
  std::unique_lock<std::mutex> lock(mu);
  std::thread worker([] {
    std::lock_guard<std::mutex> wait(mu);  // free once main waits
    ready = ready;  // forgets to set it, and to notify
  });
  never_notified.wait(lock, [] { return ready; });  // releases mu meanwhile
  worker.join();
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: hang: no thread has made progress for {{[0-9]+}} ms; 2 thread(s):
// CHECK-DAG: Main thread (tid={{[0-9]+}}, blocked in pthread_cond_wait):
// CHECK-DAG: in main {{.*}}hang_condvar.cpp:23
// CHECK-DAG: Thread T1 (tid={{[0-9]+}}, finished, not joined)
// CHECK: SUMMARY: ThreadLeakSanitizer: hang: 2 thread(s): 1 blocked, 0 running, 1 finished.

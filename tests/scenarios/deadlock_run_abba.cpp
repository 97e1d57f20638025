// Two threads take two mutexes in opposite orders while main joins them:
// the program would hang forever. tlsan finds the cycle while it runs,
// reports it in order with each thread's stacks, the main thread waiting
// on it, names the global mutexes, and ends the process with exitcode.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=report_format=json %expect_exit 23 %t > %t.json 2>&1
// RUN: %json %t.json 'r["check"] == "deadlock" and "held by" in r["cycle"] and sum(l["cause"] == "deadlock" for l in leaks) == 2'
// RUN: rm -rf %t.sarif && mkdir %t.sarif
// RUN: env TLSAN_OPTIONS=report_format=sarif:log_path=%t.sarif/ %expect_exit 23 %t
// RUN: %sarif %t.sarif/* | %FileCheck %s --check-prefix=SARIF
// SARIF: sarif: runs=1 results=3 rules=thread-deadlock,thread-leak levels=error errors=0
#include <pthread.h>

#include <barrier>
#include <mutex>
#include <thread>

std::mutex left_mu, right_mu;
std::barrier<> both_hold(2);

void take(const char *name, std::mutex &first, std::mutex &second) {
  pthread_setname_np(pthread_self(), name);
  std::lock_guard<std::mutex> hold(first);
  both_hold.arrive_and_wait();  // now each holds one: neither can go on
  std::lock_guard<std::mutex> wait(second);
}

int main() {
  std::thread a(take, "left", std::ref(left_mu), std::ref(right_mu));
  std::thread b(take, "right", std::ref(right_mu), std::ref(left_mu));
  a.join();
  b.join();
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): T1 'left' -> mutex 0x{{[0-9a-f]+}} ('right_mu') held by T2 'right' -> mutex 0x{{[0-9a-f]+}} ('left_mu') held by T1 'left'{{$}}
// CHECK: Thread T{{[12]}} '{{left|right}}' (tid={{[0-9]+}}, blocked in pthread_mutex_lock), created by main thread at:
// CHECK: in main {{.*}}deadlock_run_abba.cpp:3{{[01]}}
// CHECK: Deadlock: tid=
// CHECK: Waiting at:
// CHECK: in take(char const*, std::mutex&, std::mutex&) {{.*}}deadlock_run_abba.cpp:26
// CHECK: Main thread (tid={{[0-9]+}}, blocked in pthread_join):
// CHECK-NEXT: Blocked in pthread_join on join 0x{{[0-9a-f]+}}, waiting for thread T1
// CHECK: SUMMARY: ThreadLeakSanitizer: deadlock of 2 thread(s), 1 more waiting on them.

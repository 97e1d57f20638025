// Two threads take two mutexes in opposite orders: a lock-order deadlock.
// Reported first, as a cycle, with each lock's owner; the DOT wait graph
// has the cycle's edges in red.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -f %t.log.* %t.dot
// RUN: env TLSAN_OPTIONS=wait_graph=%t.dot %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'r["summary"]["deadlocked"] == 2 and all(l["cause"] == "deadlock" and len(l["deadlock"]) == 2 for l in leaks)'
// RUN: %json %t.log 'leaks[0]["blocked_on"]["owner_tid"] == leaks[1]["tid"] and leaks[1]["blocked_on"]["owner_tid"] == leaks[0]["tid"]'
// RUN: %FileCheck %s --check-prefix=DOT < %t.dot
#include <barrier>
#include <mutex>
#include <thread>

std::mutex a, b;
// Never destroyed: a thread may still be returning from arrive_and_wait
// when main returns and static destructors run.
std::barrier<> &both_hold = *new std::barrier<>(2);

void take(std::mutex &first, std::mutex &second) {
  std::lock_guard<std::mutex> hold(first);
  both_hold.arrive_and_wait();  // now each holds one: neither can go on
  std::lock_guard<std::mutex> wait(second);
}

int main() {
  std::thread(take, std::ref(a), std::ref(b)).detach();
  std::thread(take, std::ref(b), std::ref(a)).detach();
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// CHECK: Thread T{{[12]}} (tid=[[TID:[0-9]+]], blocked in pthread_mutex_lock), detached
// CHECK: Blocked in pthread_mutex_lock on mutex 0x{{[0-9a-f]+}}, held by thread T{{[12]}} (tid={{[0-9]+}})
// CHECK: Deadlock: tid=[[TID]] -> tid={{[0-9]+}} -> tid=[[TID]]
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 2 blocked, 0 running, 0 finished, 2 deadlocked.
// DOT: digraph tlsan_wait_for {
// DOT: -> "tid{{[0-9]+}}" [label="mutex 0x{{[0-9a-f]+}}", color=red];

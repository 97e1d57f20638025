// A detached thread keeps creating and joining short-lived threads while
// main returns and the leak pass runs (snapshots, /proc scans, retries,
// the classifier): no crash, no hang; the spawner is reported (children
// caught in flight too, as T1's: how many is checked by stress.churn).
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 timeout 60 %t 2>&1 | %FileCheck %s
#include <atomic>
#include <latch>
#include <thread>

static std::atomic<long> children;

static void spawn_forever(std::latch *started) {
  for (bool first = true;; first = false) {
    std::thread([] { children.fetch_add(1, std::memory_order_relaxed); }).join();
    if (first) started->count_down();
  }
}

int main() {
  std::latch started(1);
  std::thread(spawn_forever, &started).detach();
  started.wait();
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: {{[0-9]+}} thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, {{running(, spinning on the CPU)?|blocked in [a-z_]+}}), detached, created by main thread at:
// CHECK: in main {{.*}}rel_threads_created_during_exit.cpp:22
// CHECK: SUMMARY: ThreadLeakSanitizer: {{[0-9]+}} leaked thread(s)

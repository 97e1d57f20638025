// main holds a std::shared_mutex shared (a reader); a detached writer
// blocks in lock(): the report says the rwlock is held by 1 reader instead
// of naming no owner; exit 23.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <latch>
#include <shared_mutex>
#include <thread>

#include "Inputs/proc_wait.h"

std::shared_mutex sm;
volatile int writer_tid;

int main() {
  sm.lock_shared();  // never unlocked
  std::thread([] {
    writer_tid = gettid();
    sm.lock();
  }).detach();
  wait_asleep(wait_for_tid(&writer_tid));
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_rwlock_wrlock), detached, created by main thread at:
// CHECK: Blocked in pthread_rwlock_wrlock on rwlock 0x{{[0-9a-f]+}} held by 1 reader(s), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

// A thread_local object's destructor starts a thread that never ends, on a
// worker as it exits (after its start routine returned) and on the main
// thread in exit(): both are reported, each with the destructor in its
// creation stack; the worker itself was joined and is not.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <semaphore.h>

#include <thread>

static sem_t started, never;

struct PerThread {
  bool used = false;
  ~PerThread() {
    if (!used) return;
    std::thread([] { sem_post(&started); sem_wait(&never); }).detach();
    sem_wait(&started);
  }
};
thread_local PerThread per_thread;

int main() {
  sem_init(&started, 0, 0);
  sem_init(&never, 0, 0);
  std::thread([] { per_thread.used = true; }).join();
  per_thread.used = true;
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// CHECK: Thread T{{[23]}} (tid={{[0-9]+}}, blocked in sem_wait), detached, created by {{.*}} at:
// CHECK: in PerThread::~PerThread() {{.*}}rel_thread_from_tls_dtor.cpp:17
// CHECK: Thread T{{[23]}} (tid={{[0-9]+}}, blocked in sem_wait), detached, created by {{.*}} at:
// CHECK: in PerThread::~PerThread() {{.*}}rel_thread_from_tls_dtor.cpp:17
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 2 blocked

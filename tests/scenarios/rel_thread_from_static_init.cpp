// A global object's constructor (static initialization, before main) starts
// a thread that never ends: tlsan already runs (.preinit_array, or
// libtlsan.so's constructor, which runs before the program's) and reports it
// with the constructor in its creation stack.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: %clangxx %s -o %t.plain
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 23 %t.plain 2>&1 | %FileCheck %s
#include <semaphore.h>

#include <thread>

static sem_t started, never;

struct Background {
  Background() {
    sem_init(&started, 0, 0);
    sem_init(&never, 0, 0);
    std::thread([] { sem_post(&started); sem_wait(&never); }).detach();
  }
} background;  // constructed before main

int main() {
  sem_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait), detached, created by main thread at:
// CHECK: in Background::Background() {{.*}}rel_thread_from_static_init.cpp:19
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

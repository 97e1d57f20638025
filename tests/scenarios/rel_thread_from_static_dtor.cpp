// A static destructor (run by exit, after main returned) starts a thread
// that never ends: the verdict is taken after every destructor, so the
// thread is a candidate and is reported, with the destructor as creator.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <semaphore.h>
#include <stdio.h>

#include <thread>

static sem_t started, never;

struct Flusher {
  ~Flusher() {
    std::thread([] { sem_post(&started); sem_wait(&never); }).detach();
    sem_wait(&started);
    fprintf(stderr, "destructor started a thread\n");
  }
} flusher;

int main() {
  sem_init(&started, 0, 0);
  sem_init(&never, 0, 0);
  return 0;
}
// CHECK: destructor started a thread
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait), detached, created by main thread at:
// CHECK: in Flusher::~Flusher() {{.*}}rel_thread_from_static_dtor.cpp:15
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

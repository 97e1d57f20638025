// A thread that finished but was never joined (its stack and TCB are never
// freed): reported as finished; report_finished_threads=0 silences it.
// RUN: %clangxx_tlsan %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=report_finished_threads=0 %expect_exit 0 %t 2>&1 | %FileCheck %s --check-prefix=QUIET --allow-empty
#include <pthread.h>
#include <semaphore.h>

static sem_t done;

static void *work(void *) {
  sem_post(&done);
  return nullptr;
}

int main() {
  sem_init(&done, 0, 0);
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr);  // never joined
  sem_wait(&done);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, finished, not joined), created by main thread at:
// CHECK: in main {{.*}}leak_finished.cpp:{{[0-9]+}}
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 0 blocked, 0 running, 1 finished.
// QUIET-NOT: ThreadLeakSanitizer

// A thread the program starts from inside an OpenMP region is the program's,
// even though libgomp is in its creation stack and it waits in libgomp's
// futex (omp_set_lock on a lock main holds): it is reported, alone, while
// libgomp's own pool thread (start routine in libgomp) is filtered.
// REQUIRES: libgomp
// RUN: %gxx_tlsan -fopenmp %s -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <omp.h>
#include <pthread.h>

static omp_lock_t lock;

static void *waiter(void *) {
  omp_set_lock(&lock);  // main holds it: waits forever
  return nullptr;
}

int main() {
  omp_init_lock(&lock);
  omp_set_lock(&lock);
  pthread_t t;
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 1) pthread_create(&t, nullptr, waiter, nullptr);
  }
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T2 (tid={{[0-9]+}}, blocked in futex), created by thread T1 at:
// CHECK: in main._omp_fn.0 {{.*}}real_gomp_user_thread.cpp:[[@LINE-6]]
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

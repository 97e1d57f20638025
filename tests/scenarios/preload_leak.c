// LD_PRELOAD=libtlsan.so on a C binary built without tlsan: same report.
// The locker posts a semaphore just before it locks, so it is running, not
// waiting to be woken, when main exits; the few re-checks (about 1 ms in
// all) cover the instant until it is inside pthread_mutex_lock.
// RUN: %clang %s -o %t
// RUN: env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=max_retries=10 %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 0 %t
#include <pthread.h>
#include <semaphore.h>

static sem_t ready;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locker(void *arg) {
  sem_post(&ready);
  pthread_mutex_lock(&mu);  /* main holds it forever */
  return arg;
}

static void start_locker(void) {
  pthread_t t;
  pthread_create(&t, 0, locker, 0);
  pthread_detach(t);
}

int main(void) {
  pthread_mutex_lock(&mu);
  sem_init(&ready, 0, 0);
  start_locker();
  sem_wait(&ready);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_mutex_lock), detached, created by main thread at:
// CHECK: in start_locker {{.*}}preload_leak.c
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

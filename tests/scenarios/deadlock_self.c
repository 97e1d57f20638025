// A thread locks a (default, non-recursive) mutex it already holds.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static sem_t locked_once;

static void *relock(void *arg) {
  pthread_mutex_lock(&mu);
  sem_post(&locked_once);
  pthread_mutex_lock(&mu);  /* never returns */
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&locked_once, 0, 0);
  pthread_create(&t, 0, relock, 0);
  pthread_detach(t);
  sem_wait(&locked_once);
  return 0;
}
// CHECK: Thread T1 (tid=[[TID:[0-9]+]], blocked in pthread_mutex_lock), detached
// CHECK: held by thread T1 (tid=[[TID]])
// CHECK: Self-deadlock: it waits for a lock it holds itself.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished, 1 deadlocked.

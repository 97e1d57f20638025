// While a contended lock waits in deadlock_check_ms slices (20 ms here),
// results and errno stay the real call's: a robust mutex whose owner died
// gives EOWNERDEAD, an error-checking one EDEADLK, a recursive one is
// taken after waiting for its owner's two unlocks; errno is untouched.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=20 %expect_exit 0 %t 2>&1 | %FileCheck %s
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t robust, check, rec;
static sem_t held;
static void *die_holding(void *arg) { return (void *)(long)pthread_mutex_lock(&robust); }
static void *hold_twice(void *arg) {
  pthread_mutex_lock(&rec), pthread_mutex_lock(&rec);
  sem_post(&held);
  usleep(200 * 1000); /* the work the waiter waits for (several slices) */
  pthread_mutex_unlock(&rec), pthread_mutex_unlock(&rec);
  return arg;
}

int main(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a), pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&robust, &a);
  pthread_mutexattr_init(&a), pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&check, &a);
  pthread_mutexattr_init(&a), pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&rec, &a);
  pthread_t t;
  pthread_create(&t, 0, die_holding, 0), pthread_join(t, 0);
  sem_init(&held, 0, 0), pthread_create(&t, 0, hold_twice, 0), sem_wait(&held);
  errno = 1234;
  int r1 = pthread_mutex_lock(&robust), r2 = pthread_mutex_lock(&check), r3 = pthread_mutex_lock(&check), r4 = pthread_mutex_lock(&rec);
  printf("%s %d %s %d errno=%d\n", r1 == EOWNERDEAD ? "EOWNERDEAD" : "?", r2, r3 == EDEADLK ? "EDEADLK" : "?", r4, errno);
  return pthread_join(t, 0);
}
// CHECK: EOWNERDEAD 0 EDEADLK 0 errno=1234

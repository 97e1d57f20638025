// C: a signal whose handler is installed without SA_RESTART interrupts a
// thread blocked in sem_wait: sem_wait returns -1 with errno EINTR, under
// tlsan exactly as without it.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: %clang %s -o %t.plain && %expect_exit 0 %t.plain 2>&1 | %FileCheck %s
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>

static sem_t sem;
static int ready, done, result, error;

static void on_signal(int sig) { (void)sig; }
static void *waiter(void *arg) {
  __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
  errno = 0;
  result = sem_wait(&sem);  /* never posted: only a signal ends it */
  error = errno;
  __atomic_store_n(&done, 1, __ATOMIC_RELEASE);
  return arg;
}

int main(void) {
  struct sigaction sa = {.sa_handler = on_signal};  /* no SA_RESTART */
  pthread_t t;
  sigaction(SIGUSR1, &sa, 0);
  sem_init(&sem, 0, 0);
  pthread_create(&t, 0, waiter, 0);
  while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) sched_yield();
  /* A signal that lands before the wait is lost: send until one interrupts. */
  while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE))
    pthread_kill(t, SIGUSR1), sched_yield();
  pthread_join(t, 0);
  printf("sem_wait=%d errno=%s\n", result, error == EINTR ? "EINTR" : "other");
  return 0;
}
// CHECK: sem_wait=-1 errno=EINTR

// C: threads with the smallest stacks (PTHREAD_STACK_MIN) leak: one blocked
// after creating another (its creation stack is taken on the tiny stack),
// one spinning, which the leak pass interrupts for its stack (the handler
// runs on the tiny stack). The exit report lists all three.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>

static sem_t never, started;
static pthread_attr_t tiny;

static void *wait_forever(void *arg) {
  sem_post(&started);
  sem_wait(&never);
  return arg;
}
static void *create_then_wait(void *arg) {
  pthread_t t;
  pthread_create(&t, &tiny, wait_forever, 0);
  return wait_forever(arg);
}
static void *spin(void *arg) {
  for (sem_post(&started);;) __asm__ volatile("" ::: "memory");
  return arg;
}

int main(void) {
  pthread_t a, b;
  sem_init(&never, 0, 0), sem_init(&started, 0, 0);
  pthread_attr_init(&tiny), pthread_attr_setstacksize(&tiny, PTHREAD_STACK_MIN);
  pthread_create(&a, &tiny, create_then_wait, 0);
  pthread_create(&b, &tiny, spin, 0);
  for (int i = 0; i < 3; i++) sem_wait(&started);
  return 0;
}
// CHECK-DAG: (tid={{[0-9]+}}, running, spinning on the CPU), created by main thread at:
// CHECK-DAG: (tid={{[0-9]+}}, blocked in sem_wait), created by thread T1 at:
// CHECK-DAG: (tid={{[0-9]+}}, blocked in sem_wait), created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 3 leaked thread(s): 2 blocked, 1 running, 0 finished.

// A signal handler running on an alternate signal stack creates a thread
// (what a crash handler or a profiler might do): the creation stack crosses
// the signal frame (libgcc's part, behind tlsan's guard) from the handler
// on the alternate stack to main on the thread's stack.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %run %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *leaker(void *arg) { return pthread_mutex_lock(&mu), arg; }

__attribute__((noinline)) static void on_signal(int sig) {
  pthread_t t;
  pthread_create(&t, 0, leaker, 0);
  __asm__ volatile("" ::: "memory");  // not a tail call
}

int main(void) {
  pthread_mutex_lock(&mu);
  stack_t ss = {.ss_sp = malloc(SIGSTKSZ * 4), .ss_size = SIGSTKSZ * 4};
  sigaltstack(&ss, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR1, &sa, 0);
  raise(SIGUSR1);
  puts("handler returned");
  return 0;
}
// CHECK: handler returned
// CHECK: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// CHECK-NEXT: #0 {{.*}} in on_signal {{.*}}fiber_sigaltstack.c
// CHECK: in main {{.*}}fiber_sigaltstack.c

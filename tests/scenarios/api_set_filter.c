// __tlsan_set_filter: every later check applies it, the at-exit one too:
// the leaked 'io-1' is then never reported (status 0); without it, 23.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t filter 2>&1 | %FileCheck %s --check-prefix=FILTER
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=NONE
#define _GNU_SOURCE
#include <pthread.h>
#include <sanitizer/tlsan_interface.h>
#include <semaphore.h>
#include <stdio.h>

static pthread_barrier_t started;
static sem_t never;  // never posted: the worker leaks
static void *worker(void *arg) {
  pthread_setname_np(pthread_self(), "io-1");
  pthread_barrier_wait(&started);
  sem_wait(&never);
  return arg;
}

static int ignore_by_name(const __tlsan_leak *leak, void *glob) {
  return leak->name && __tlsan_glob_matches((const char *)glob, leak->name);
}

int main(int argc, char **argv) {
  if (argc > 1) __tlsan_set_filter(ignore_by_name, (void *)"io-*");
  pthread_t t;
  pthread_barrier_init(&started, NULL, 2);
  sem_init(&never, 0, 0);
  pthread_create(&t, NULL, worker, NULL);
  pthread_barrier_wait(&started);
  fprintf(stderr, "recoverable=%d\n", __tlsan_do_recoverable_leak_check());
  return 0;
}
// FILTER: recoverable=0
// FILTER-NOT: ThreadLeakSanitizer
// NONE: Thread T1 'io-1' (tid={{[0-9]+}}, blocked in sem_wait
// NONE: recoverable=1
// NONE: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// NONE: Thread T1 'io-1'

// Inputs/proc_wait.h: wait until another thread of this process is in a
// given state, as the kernel shows it in /proc/self/task. For scenario
// programs, C and C++ alike.
//
// Scenarios order threads with barriers and latches, never with sleeps. One
// event no barrier can announce is "that thread is now asleep inside a
// blocking call": once blocked, the thread cannot say so. The main thread
// then polls the state letter of the thread's task instead until it reads
// 'S' (interruptible sleep: the state of a thread blocked in such a call).
//
//   wait_for_tid(&tid)  until the thread has stored its gettid() in tid;
//                       returns that tid
//   wait_asleep(tid)    until /proc/self/task/<tid>/stat says 'S'
//   wait_gone(tid)      until /proc/self/task/<tid> is gone: the kernel has
//                       finished the thread's exit
//
// A thread that ends while wait_asleep polls it is a broken scenario: it
// says so on stderr and aborts rather than spin forever.
//
// Example (tests/scenarios/eintr_read.c):
//   #include "Inputs/proc_wait.h"
//   pthread_create(&t, 0, reader, 0);  // reader: tid = gettid(), read(...)
//   wait_asleep(wait_for_tid(&tid));   // now asleep in read()
#ifndef TLSAN_TESTS_SCENARIOS_INPUTS_PROC_WAIT_H
#define TLSAN_TESTS_SCENARIOS_INPUTS_PROC_WAIT_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static inline int wait_for_tid(volatile int *tid) {
  while (*tid == 0) sched_yield();
  return *tid;
}

static inline void wait_asleep(int tid) {
  char path[64], state = 0;
  snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
  while (state != 'S') {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
      fprintf(stderr, "proc_wait: task %d ended before it slept\n", tid);
      abort();
    }
    if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1) state = 0;
    fclose(f);
  }
}

static inline void wait_gone(int tid) {
  char path[64];
  struct stat st;
  snprintf(path, sizeof(path), "/proc/self/task/%d", tid);
  while (stat(path, &st) == 0) sched_yield();
}

#endif  // TLSAN_TESTS_SCENARIOS_INPUTS_PROC_WAIT_H

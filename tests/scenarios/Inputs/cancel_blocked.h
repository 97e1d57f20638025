// Inputs/cancel_blocked.h: the harness of the rel_cancel_blocked_*.c
// scenarios (C). The scenario defines
//   static void block_in(const char *call);
// which blocks forever in the intercepted call named `call` and returns
// only when it does not know that name. cancel_blocked(call) starts one
// thread in block_in(call), waits until it is asleep there, cancels and
// joins it, and prints "<call>: cancelled" when the join returns
// PTHREAD_CANCELED ("<call>: not cancelled" otherwise).
//
// Cancellation skips the interceptors' cleanup, so their blocking regions
// stay published; the scenarios check that this does not matter.
//
// Example (tests/scenarios/rel_cancel_blocked_poll.c):
//   int main(int argc, char **argv) { ...; cancel_blocked(argv[1]); }
#ifndef TLSAN_TESTS_SCENARIOS_INPUTS_CANCEL_BLOCKED_H
#define TLSAN_TESTS_SCENARIOS_INPUTS_CANCEL_BLOCKED_H

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "proc_wait.h"

static void block_in(const char *call);

static volatile int blocked_tid;

static inline void *blocked_thread(void *call) {
  blocked_tid = gettid();
  block_in((const char *)call);
  fprintf(stderr, "cancel_blocked: %s returned\n", (const char *)call);
  return 0;
}

static inline void cancel_blocked(const char *call) {
  pthread_t t;
  void *ret = 0;
  pthread_create(&t, 0, blocked_thread, (void *)call);
  wait_asleep(wait_for_tid(&blocked_tid));
  pthread_cancel(t), pthread_join(t, &ret);
  printf("%s: %s\n", call, ret == PTHREAD_CANCELED ? "cancelled" : "not cancelled");
}

#endif  // TLSAN_TESTS_SCENARIOS_INPUTS_CANCEL_BLOCKED_H

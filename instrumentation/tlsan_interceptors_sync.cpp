//===-- tlsan_interceptors_sync.cpp - synchronization objects -------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// pthread_cond_destroy: glibc's waits until every thread blocked on the
// condition variable has left it. A static std::condition_variable whose
// waiter leaked therefore hangs exit() in its destructor, before tlsan's
// verdict can run. While the process exits, tlsan bounds that wait
// (exit_join_timeout_ms) and, if waiters remain, reports the leak and what
// exit is stuck on instead of hanging. Outside exit, the call is untouched.
//
// The waiter count is glibc's documented-in-header __data.__wrefs >> 3
// (<bits/thread-shared-types.h>; the same word pthread_cond_destroy waits
// on).
//
//===----------------------------------------------------------------------===//
#include <pthread.h>
#include <stdio.h>

#include "tlsan_flags.h"
#include "tlsan_interception.h"
#include "tlsan_interceptors.h"
#include "tlsan_rtl.h"

using namespace __tlsan;

namespace {

unsigned CondWaiters(pthread_cond_t *cond) {
  return __atomic_load_n(&cond->__data.__wrefs, __ATOMIC_ACQUIRE) >> 3;
}

}  // namespace

TLSAN_INTERCEPTOR(int, pthread_cond_destroy, pthread_cond_t *cond) {
  TLSAN_ENTER(pthread_cond_destroy);
  if (ExitInProgress() && DetectLeaks() && CondWaiters(cond) != 0) {
    u64 budget_ns = (u64)flags()->exit_join_timeout_ms * 1000000ull;
    u64 start = MonotonicNanoTime();
    // Waiters that were just woken leave quickly; leaked ones never do.
    while (CondWaiters(cond) != 0 && MonotonicNanoTime() - start < budget_ns)
      SleepForMicros(1000);
    unsigned waiters = CondWaiters(cond);
    if (waiters != 0) {
      char note[160];
      snprintf(note, sizeof(note),
               "pthread_cond_destroy of condition variable %p, which %u "
               "thread(s) still wait on, called while the process exits",
               (void *)cond, waiters);
      OnExitStuck(note);
    }
  }
  return TLSAN_REAL(pthread_cond_destroy)(cond);
}

namespace __tlsan {

void InitializeSyncInterceptors() {
  // pthread_cond_* have two versions in glibc; the default (GLIBC_2.3.2) is
  // what programs built today link against.
  TLSAN_INTERCEPT_FUNCTION_VER(pthread_cond_destroy, "GLIBC_2.3.2");
}

}  // namespace __tlsan

//===-- tlsan_deadlock.h - deadlocks found while the program runs --------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A thread that has waited deadlock_check_ms for a mutex, a rwlock or a
// join looks for a cycle of waits through itself, from its own context:
// no thread of tlsan's, nothing on the fast path. The interceptors' slow
// paths drive it with a DeadlockWatch:
//
//   BlockingRegion region(...);            // published first: others see it
//   DeadlockWatch watch;
//   for (;;) {
//     timespec deadline = watch.NextDeadline(CLOCK_REALTIME);
//     int res = real_clocklock(mutex, CLOCK_REALTIME, &deadline);
//     if (res != ETIMEDOUT) return res;    // the real call's own outcome
//     watch.OnTimeout();                   // may report, and end the process
//   }
//
// The timed variant (pthread_mutex_clocklock, also for mtx_lock;
// pthread_rwlock_clock*lock; pthread_clockjoin_np, also for thrd_join)
// re-issued after each check keeps the untimed
// call's semantics: it only returns ETIMEDOUT for the deadline tlsan set.
// Condition variables are never waited this way (a wakeup would be lost).
//
// What counts as a cycle (no false deadlock):
//   * edges are waits published by an interceptor in an untimed call
//     (pthread_mutex_lock, mtx_lock, pthread_rwlock_{rd,wr}lock,
//     pthread_join, thrd_join, and the joins tlsan turns into these): a
//     program's own timed wait is no edge; the owner comes from the lock
//     (glibc's __owner, __cur_writer) or is the joined thread;
//   * the cycle must go through the checking thread and be seen twice,
//     every wait unchanged (same record generation, same region seqlock
//     count, same owner), a short interval apart;
//   * no other member may be on a CPU ('R' in /proc) at the second look;
//   * one thread checks at a time (a try-lock: a busy check is retried).
// A found cycle is reported once (text, JSON or SARIF: check "deadlock"),
// with the threads that wait on it through a chain (the main thread
// joining one of them); then, with deadlock_action=abort, the process ends
// with `exitcode` through the die path (no atexit handlers, no static
// destructors: they could need the locks the cycle holds).
//
// While the process exits, no check runs: the at-exit pass (and its bounded
// joins) reports what is stuck then.
//
// Thread-safety: OnTimeout runs in the waiting thread, never in a signal
// handler; it allocates from the runtime's mmap'd scratch arrays only.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_DEADLOCK_H
#define TLSAN_DEADLOCK_H

#include <time.h>

#include "tlsan_internal.h"

namespace __tlsan {

// Whether contended waits go through a DeadlockWatch: detect_deadlocks and
// detect_leaks (regions are published only then), set at initialization.
extern bool deadlock_detection_on;
TLSAN_ALWAYS_INLINE bool DeadlockDetectionOn() { return deadlock_detection_on; }

// Called once by Initialize(), after the flags are parsed.
void InitializeDeadlockDetection();

// One contended wait of the calling thread (see the file comment).
class DeadlockWatch {
 public:
  // The deadline on `clock` of the next slice of the wait:
  // deadlock_check_ms, doubling after every check up to 64 times that, or
  // a short confirmation interval when the last check saw a cycle.
  struct timespec NextDeadline(clockid_t clock = CLOCK_MONOTONIC);
  // The slice timed out: look for a cycle through this thread. errno is
  // kept. With deadlock_action=abort, does not return once a confirmed
  // cycle is reported.
  void OnTimeout();

 private:
  u32 checks_ = 0;
  u64 candidate_ = 0;  // signature of the cycle the last check saw; 0: none
  bool retry_soon_ = false;  // the last timeout found another check running
};

// Tests and benchmarks: how many checks ran (timed-out slices that looked
// at the graph), and how many deadlock reports were written.
uptr DeadlockCheckCount();
uptr DeadlockReportCount();

}  // namespace __tlsan

#endif  // TLSAN_DEADLOCK_H

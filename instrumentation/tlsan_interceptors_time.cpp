//===-- tlsan_interceptors_time.cpp - sleeps, child and signal waits ------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_interceptors.h.
//
// Interceptors for the calls a thread waits in for time to pass, for a
// child process, or for a signal:
//
//   kind          calls                                         object
//   kBlockSleep   sleep, usleep                                 the ms asked
//                 nanosleep, clock_nanosleep                    the caller's
//                                                               timespec (0:
//                                                               an absolute
//                                                               deadline)
//   kBlockWait    wait, waitpid, wait3, wait4, waitid           the pid (0:
//                                                               any child or
//                                                               a group)
//   kBlockSignal  sigwait, sigwaitinfo, sigtimedwait,           0
//                 sigsuspend, pause
//
// Each wraps the real call in a BlockingRegion. glibc's sleep() and
// usleep() reach nanosleep internally, where no interceptor sees it: each
// is intercepted itself. std::this_thread::sleep_for is inline and calls
// nanosleep.
//
// Contract: no syscall, no lock, no allocation; results, errno, EINTR and
// cancellation behave exactly as without tlsan (see tlsan_blocking.h). A
// sleep's timespec is only read at report time (RequestedSleepMs,
// tlsan_wait_words.h), with a read that cannot fault.
// Async-signal-safe as the calls themselves.
//
//===----------------------------------------------------------------------===//
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tlsan_blocking.h"
#include "tlsan_interception.h"
#include "tlsan_interceptors.h"

using namespace __tlsan;

namespace {

// The object of a wait for children: the pid when it names one process.
TLSAN_ALWAYS_INLINE uptr WaitObject(pid_t pid) {
  return pid > 0 ? (uptr)pid : 0;
}

}  // namespace

// ---- Sleeps -----------------------------------------------------------------

TLSAN_INTERCEPTOR(unsigned int, sleep, unsigned int seconds) {
  TLSAN_ENTER(sleep);
  BlockingRegion region(kBlockSleep, "sleep", (uptr)seconds * 1000,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(sleep)(seconds);
}

TLSAN_INTERCEPTOR(int, usleep, useconds_t usec) {
  TLSAN_ENTER(usleep);
  BlockingRegion region(kBlockSleep, "usleep", ((uptr)usec + 999) / 1000,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(usleep)(usec);
}

TLSAN_INTERCEPTOR(int, nanosleep, const struct timespec *req,
                  struct timespec *rem) {
  TLSAN_ENTER(nanosleep);
  BlockingRegion region(kBlockSleep, "nanosleep", (uptr)req, TLSAN_CALLER_PC);
  return TLSAN_REAL(nanosleep)(req, rem);
}

TLSAN_INTERCEPTOR(int, clock_nanosleep, clockid_t clock, int flags,
                  const struct timespec *req, struct timespec *rem) {
  TLSAN_ENTER(clock_nanosleep);
  BlockingRegion region(kBlockSleep, "clock_nanosleep",
                        (flags & TIMER_ABSTIME) ? 0 : (uptr)req,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(clock_nanosleep)(clock, flags, req, rem);
}

// ---- Waits for children -----------------------------------------------------

TLSAN_INTERCEPTOR(pid_t, wait, int *status) {
  TLSAN_ENTER(wait);
  BlockingRegion region(kBlockWait, "wait", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(wait)(status);
}

TLSAN_INTERCEPTOR(pid_t, waitpid, pid_t pid, int *status, int options) {
  TLSAN_ENTER(waitpid);
  BlockingRegion region(kBlockWait, "waitpid", WaitObject(pid),
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(waitpid)(pid, status, options);
}

TLSAN_INTERCEPTOR(pid_t, wait3, int *status, int options,
                  struct rusage *usage) {
  TLSAN_ENTER(wait3);
  BlockingRegion region(kBlockWait, "wait3", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(wait3)(status, options, usage);
}

TLSAN_INTERCEPTOR(pid_t, wait4, pid_t pid, int *status, int options,
                  struct rusage *usage) {
  TLSAN_ENTER(wait4);
  BlockingRegion region(kBlockWait, "wait4", WaitObject(pid), TLSAN_CALLER_PC);
  return TLSAN_REAL(wait4)(pid, status, options, usage);
}

TLSAN_INTERCEPTOR(int, waitid, idtype_t idtype, id_t id, siginfo_t *info,
                  int options) {
  TLSAN_ENTER(waitid);
  BlockingRegion region(kBlockWait, "waitid",
                        idtype == P_PID ? WaitObject((pid_t)id) : 0,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(waitid)(idtype, id, info, options);
}

// ---- Waits for signals ------------------------------------------------------

TLSAN_INTERCEPTOR(int, sigwait, const sigset_t *set, int *sig) {
  TLSAN_ENTER(sigwait);
  BlockingRegion region(kBlockSignal, "sigwait", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(sigwait)(set, sig);
}

TLSAN_INTERCEPTOR(int, sigwaitinfo, const sigset_t *set, siginfo_t *info) {
  TLSAN_ENTER(sigwaitinfo);
  BlockingRegion region(kBlockSignal, "sigwaitinfo", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(sigwaitinfo)(set, info);
}

TLSAN_INTERCEPTOR(int, sigtimedwait, const sigset_t *set, siginfo_t *info,
                  const struct timespec *timeout) {
  TLSAN_ENTER(sigtimedwait);
  BlockingRegion region(kBlockSignal, "sigtimedwait", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(sigtimedwait)(set, info, timeout);
}

TLSAN_INTERCEPTOR(int, sigsuspend, const sigset_t *mask) {
  TLSAN_ENTER(sigsuspend);
  BlockingRegion region(kBlockSignal, "sigsuspend", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(sigsuspend)(mask);
}

TLSAN_INTERCEPTOR(int, pause, void) {
  TLSAN_ENTER(pause);
  BlockingRegion region(kBlockSignal, "pause", 0, TLSAN_CALLER_PC);
  return TLSAN_REAL(pause)();
}

namespace __tlsan {

void InitializeTimeInterceptors() {
  TLSAN_INTERCEPT_FUNCTION(sleep);
  TLSAN_INTERCEPT_FUNCTION(usleep);
  TLSAN_INTERCEPT_FUNCTION(nanosleep);
  TLSAN_INTERCEPT_FUNCTION(clock_nanosleep);
  TLSAN_INTERCEPT_FUNCTION(wait);
  TLSAN_INTERCEPT_FUNCTION(waitpid);
  TLSAN_INTERCEPT_FUNCTION(wait3);
  TLSAN_INTERCEPT_FUNCTION(wait4);
  TLSAN_INTERCEPT_FUNCTION(waitid);
  TLSAN_INTERCEPT_FUNCTION(sigwait);
  TLSAN_INTERCEPT_FUNCTION(sigwaitinfo);
  TLSAN_INTERCEPT_FUNCTION(sigtimedwait);
  TLSAN_INTERCEPT_FUNCTION(sigsuspend);
  TLSAN_INTERCEPT_FUNCTION(pause);
}

}  // namespace __tlsan

//===-- tlsan_interceptors_sync.cpp - synchronization objects -------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Interceptors for every call that waits on a synchronization object, so
// that a leaked thread is reported as blocked on *what* (kind, object,
// caller) instead of just "futex":
//
//   | family          | calls                                   | kind      |
//   |-----------------|-----------------------------------------|-----------|
//   | mutex           | pthread_mutex_{lock,timedlock,clocklock}| mutex     |
//   | spin lock       | pthread_spin_lock                       | mutex     |
//   | C11 mutex       | mtx_lock, mtx_timedlock                 | mutex     |
//   | rwlock          | pthread_rwlock_{,timed,clock}{rd,wr}lock| rwlock    |
//   | condition var.  | pthread_cond_{wait,timedwait,clockwait} | condvar   |
//   | C11 condition   | cnd_wait, cnd_timedwait                 | condvar   |
//   | semaphore       | sem_{wait,timedwait,clockwait}          | semaphore |
//   | barrier         | pthread_barrier_wait                    | barrier   |
//   | raw futex wait  | syscall(SYS_futex / SYS_futex_waitv)    | futex     |
//
// The futex row is how libstdc++ waits in std::latch, std::barrier,
// std::counting_semaphore and std::atomic::wait. glibc's C11 mtx_*/cnd_*
// call the pthread code internally, not through the pthread_* symbols, so
// they have interceptors of their own.
//
// Contract (STYLE.md section 4):
//  - A lock that is free costs (almost) nothing extra: nothing is published
//    unless the lock is busy. pthread mutexes peek at their lock word, then
//    call the real lock once (their trylock is twice as slow as their lock,
//    see "Mutexes"); the others (rwlocks, spin locks, semaphores, C11
//    mutexes) call their try variant first, and only when it says "busy"
//    publish a BlockingRegion around the real, blocking call. The try
//    functions are not intercepted, so they are called directly.
//  - Results and errno are exactly the real function's. Where glibc checks
//    arguments or cancellation before it would take the lock (clock ids,
//    timeouts, sem_wait's cancellation point), the fast path does the same
//    or is skipped, so that the outcome never depends on tlsan.
//  - Deadlock detection (tlsan_deadlock.h): the blocking call of a busy
//    mutex or rwlock (pthread_mutex_lock, mtx_lock,
//    pthread_rwlock_{rd,wr}lock) is made with its clock variant in slices of
//    deadlock_check_ms, with a wait-for check between slices
//    (WaitWithDeadlockChecks). Programs' timed calls and condition variables
//    are called as they are, once.
//  - A thread cancelled inside a wait never runs the BlockingRegion's
//    destructor; its record is finished then, which is enough
//    (tlsan_blocking.h).
//  - pthread_mutex_lock may be called by the dynamic linker while tlsan
//    initializes (before its real pointer is resolved, and from inside
//    dlsym): it then calls glibc's internal alias, which nobody intercepts.
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
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <threads.h>
#include <time.h>

#include "tlsan_blocking.h"
#include "tlsan_deadlock.h"
#include "tlsan_flags.h"
#include "tlsan_interception.h"
#include "tlsan_interceptors.h"
#include "tlsan_rtl.h"

using namespace __tlsan;

// glibc's own name for pthread_mutex_lock. Since glibc 2.34 it is exported
// only as a compatibility symbol, so it is bound to its version explicitly.
extern "C" int __tlsan_glibc_mutex_lock(pthread_mutex_t *mutex);
#if defined(__x86_64__)
__asm__(".symver __tlsan_glibc_mutex_lock, __pthread_mutex_lock@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver __tlsan_glibc_mutex_lock, __pthread_mutex_lock@GLIBC_2.17");
#else
#error "tlsan: the version of __pthread_mutex_lock on this architecture"
#endif

namespace {

// The lock word of every glibc mutex type is 0 when it is free
// (<bits/struct_mutex.h>); owned, it holds 1/2 or the owner's tid.
bool MutexLooksFree(pthread_mutex_t *mutex) {
  return __atomic_load_n(&mutex->__data.__lock, __ATOMIC_RELAXED) == 0;
}

unsigned CondWaiters(pthread_cond_t *cond) {
  return __atomic_load_n(&cond->__data.__wrefs, __ATOMIC_ACQUIRE) >> 3;
}

// The clocks glibc's timed waits accept; any other is EINVAL, checked before
// glibc tries the lock.
bool SupportedClock(clockid_t clock) {
  return clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC;
}

bool ValidNanoseconds(const struct timespec *t) {
  return t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

// glibc's rwlock timed and clock variants return EINVAL for a bad clock or
// timeout before they look at the lock (abstime null: no timeout).
bool RwlockTimeoutValid(clockid_t clock, const struct timespec *abstime) {
  return !abstime || (SupportedClock(clock) && ValidNanoseconds(abstime));
}

// sem_trywait as the fast path of a sem_*wait: true if it took the
// semaphore. On failure the caller's errno is restored (sem_trywait set it
// to EAGAIN), so the slow path's result and errno are the real call's.
bool SemFastPath(sem_t *sem) {
  int saved_errno = errno;
  if (sem_trywait(sem) == 0) return true;
  errno = saved_errno;
  return false;
}

}  // namespace

// ---- Mutexes ----------------------------------------------------------------
// Fast path: a peek at the lock word. glibc's pthread_mutex_trylock costs
// about twice its pthread_mutex_lock (4 ns more per lock on glibc 2.36,
// measured by benchmarks/sync_benchmark.cpp), so trylock-then-lock would
// double the cost of every free mutex. The real lock is called exactly once
// either way, so results and errno are untouched; the peek only decides
// whether to publish. Lost race (free at the peek, taken before the real
// lock waits): the wait is not published and the classifier falls back to
// /proc (a futex wait).

// The fast paths below end in a tail call: a free lock costs a few loads and
// a jump, with no frame and no saved registers. The slow path is another
// function, reached by a guaranteed tail call (musttail): it runs in the
// interceptor's place, so its frame and return address are the ones the
// leak pass's unwinder and TLSAN_CALLER_PC expect, the user's call site.
TLSAN_DECLARE_REAL(int, pthread_mutex_lock, pthread_mutex_t *)
TLSAN_DECLARE_REAL(int, pthread_rwlock_rdlock, pthread_rwlock_t *)
TLSAN_DECLARE_REAL(int, pthread_rwlock_wrlock, pthread_rwlock_t *)
TLSAN_DECLARE_REAL(int, sem_wait, sem_t *)
TLSAN_DECLARE_REAL(int, pthread_mutex_clocklock, pthread_mutex_t *, clockid_t,
                   const struct timespec *)
TLSAN_DECLARE_REAL(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *,
                   clockid_t, const struct timespec *)
TLSAN_DECLARE_REAL(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *,
                   clockid_t, const struct timespec *)

namespace {

// The untimed lock of a busy mutex or rwlock, with deadlock detection
// (tlsan_deadlock.h): the clock variant, in slices of deadlock_check_ms,
// re-issued after each check. It returns ETIMEDOUT only for tlsan's own
// deadline, and otherwise what the untimed call returns (EDEADLK of an
// error-checking mutex, EOWNERDEAD of a robust one, a recursive mutex's
// relock...); neither is a cancellation point. Mutexes wait on
// CLOCK_REALTIME: a priority-inheritance mutex on a kernel without
// FUTEX_LOCK_PI2 (before 5.14) accepts no other clock (EINVAL); a clock
// step only makes one slice shorter or longer. Inlined into the slow paths,
// whose region is already published.
template <typename Lock, typename ClockLock>
TLSAN_ALWAYS_INLINE int WaitWithDeadlockChecks(Lock *lock, ClockLock clock_lock,
                                               clockid_t clock) {
  DeadlockWatch watch;
  for (;;) {
    struct timespec deadline = watch.NextDeadline(clock);
    int res = clock_lock(lock, clock, &deadline);
    if (TLSAN_LIKELY(res != ETIMEDOUT)) return res;
    watch.OnTimeout();
  }
}

TLSAN_NOINLINE int MutexLockSlow(pthread_mutex_t *mutex) {
  EnsureInitialized();
  // Still unresolved: tlsan is initializing, and this is dlsym's own lock.
  // Resolving it here would call dlsym again.
  if (TLSAN_UNLIKELY(!TLSAN_REAL(pthread_mutex_lock)))
    return __tlsan_glibc_mutex_lock(mutex);
  if (MutexLooksFree(mutex)) return TLSAN_REAL(pthread_mutex_lock)(mutex);
  BlockingRegion region(kBlockMutex, "pthread_mutex_lock", (uptr)mutex,
                        TLSAN_CALLER_PC);
  if (DeadlockDetectionOn() && TLSAN_REAL(pthread_mutex_clocklock))
    return WaitWithDeadlockChecks(mutex, TLSAN_REAL(pthread_mutex_clocklock),
                                  CLOCK_REALTIME);
  return TLSAN_REAL(pthread_mutex_lock)(mutex);
}

TLSAN_NOINLINE int RwlockRdlockSlow(pthread_rwlock_t *rwlock) {
  TLSAN_ENTER(pthread_rwlock_rdlock);
  BlockingRegion region(kBlockRwlock, "pthread_rwlock_rdlock", (uptr)rwlock,
                        TLSAN_CALLER_PC);
  if (DeadlockDetectionOn())
    return WaitWithDeadlockChecks(
        rwlock, TLSAN_REAL(pthread_rwlock_clockrdlock), CLOCK_MONOTONIC);
  return TLSAN_REAL(pthread_rwlock_rdlock)(rwlock);
}

TLSAN_NOINLINE int RwlockWrlockSlow(pthread_rwlock_t *rwlock) {
  TLSAN_ENTER(pthread_rwlock_wrlock);
  BlockingRegion region(kBlockRwlock, "pthread_rwlock_wrlock", (uptr)rwlock,
                        TLSAN_CALLER_PC);
  if (DeadlockDetectionOn())
    return WaitWithDeadlockChecks(
        rwlock, TLSAN_REAL(pthread_rwlock_clockwrlock), CLOCK_MONOTONIC);
  return TLSAN_REAL(pthread_rwlock_wrlock)(rwlock);
}

}  // namespace

// A free mutex needs nothing of the runtime but glibc's function: once that
// is resolved (during initialization), the fast path takes it, initialized
// or not.
TLSAN_INTERCEPTOR(int, pthread_mutex_lock, pthread_mutex_t *mutex) {
  auto real = TLSAN_REAL(pthread_mutex_lock);
  if (TLSAN_LIKELY(real && MutexLooksFree(mutex))) return real(mutex);
  [[clang::musttail]] return MutexLockSlow(mutex);
}

TLSAN_INTERCEPTOR(int, pthread_mutex_timedlock, pthread_mutex_t *mutex,
                  const struct timespec *abstime) {
  TLSAN_ENTER(pthread_mutex_timedlock);
  if (TLSAN_LIKELY(MutexLooksFree(mutex)))
    return TLSAN_REAL(pthread_mutex_timedlock)(mutex, abstime);
  BlockingRegion region(kBlockMutex, "pthread_mutex_timedlock", (uptr)mutex,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_mutex_timedlock)(mutex, abstime);
}

TLSAN_INTERCEPTOR(int, pthread_mutex_clocklock, pthread_mutex_t *mutex,
                  clockid_t clock, const struct timespec *abstime) {
  TLSAN_ENTER(pthread_mutex_clocklock);
  if (TLSAN_LIKELY(MutexLooksFree(mutex)))
    return TLSAN_REAL(pthread_mutex_clocklock)(mutex, clock, abstime);
  BlockingRegion region(kBlockMutex, "pthread_mutex_clocklock", (uptr)mutex,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_mutex_clocklock)(mutex, clock, abstime);
}

// Spins in user space: /proc shows the thread running; the published region
// says what it spins on.
TLSAN_INTERCEPTOR(int, pthread_spin_lock, pthread_spinlock_t *lock) {
  int res = pthread_spin_trylock(lock);
  if (TLSAN_LIKELY(res != EBUSY)) return res;
  TLSAN_ENTER(pthread_spin_lock);
  BlockingRegion region(kBlockMutex, "pthread_spin_lock", (uptr)lock,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_spin_lock)(lock);
}

// ---- Read-write locks -------------------------------------------------------
// tryrdlock also says EBUSY when a writer waits on a writer-preferring lock:
// the real rdlock then waits too.

TLSAN_INTERCEPTOR(int, pthread_rwlock_rdlock, pthread_rwlock_t *rwlock) {
  int res = pthread_rwlock_tryrdlock(rwlock);
  if (TLSAN_LIKELY(res != EBUSY)) return res;
  [[clang::musttail]] return RwlockRdlockSlow(rwlock);
}

TLSAN_INTERCEPTOR(int, pthread_rwlock_wrlock, pthread_rwlock_t *rwlock) {
  int res = pthread_rwlock_trywrlock(rwlock);
  if (TLSAN_LIKELY(res != EBUSY)) return res;
  [[clang::musttail]] return RwlockWrlockSlow(rwlock);
}

TLSAN_INTERCEPTOR(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *rwlock,
                  const struct timespec *abstime) {
  if (TLSAN_LIKELY(RwlockTimeoutValid(CLOCK_REALTIME, abstime))) {
    int res = pthread_rwlock_tryrdlock(rwlock);
    if (TLSAN_LIKELY(res != EBUSY)) return res;
  }
  TLSAN_ENTER(pthread_rwlock_timedrdlock);
  BlockingRegion region(kBlockRwlock, "pthread_rwlock_timedrdlock",
                        (uptr)rwlock, TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_rwlock_timedrdlock)(rwlock, abstime);
}

TLSAN_INTERCEPTOR(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *rwlock,
                  const struct timespec *abstime) {
  if (TLSAN_LIKELY(RwlockTimeoutValid(CLOCK_REALTIME, abstime))) {
    int res = pthread_rwlock_trywrlock(rwlock);
    if (TLSAN_LIKELY(res != EBUSY)) return res;
  }
  TLSAN_ENTER(pthread_rwlock_timedwrlock);
  BlockingRegion region(kBlockRwlock, "pthread_rwlock_timedwrlock",
                        (uptr)rwlock, TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_rwlock_timedwrlock)(rwlock, abstime);
}

TLSAN_INTERCEPTOR(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *rwlock,
                  clockid_t clock, const struct timespec *abstime) {
  if (TLSAN_LIKELY(RwlockTimeoutValid(clock, abstime))) {
    int res = pthread_rwlock_tryrdlock(rwlock);
    if (TLSAN_LIKELY(res != EBUSY)) return res;
  }
  TLSAN_ENTER(pthread_rwlock_clockrdlock);
  BlockingRegion region(kBlockRwlock, "pthread_rwlock_clockrdlock",
                        (uptr)rwlock, TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_rwlock_clockrdlock)(rwlock, clock, abstime);
}

TLSAN_INTERCEPTOR(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *rwlock,
                  clockid_t clock, const struct timespec *abstime) {
  if (TLSAN_LIKELY(RwlockTimeoutValid(clock, abstime))) {
    int res = pthread_rwlock_trywrlock(rwlock);
    if (TLSAN_LIKELY(res != EBUSY)) return res;
  }
  TLSAN_ENTER(pthread_rwlock_clockwrlock);
  BlockingRegion region(kBlockRwlock, "pthread_rwlock_clockwrlock",
                        (uptr)rwlock, TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_rwlock_clockwrlock)(rwlock, clock, abstime);
}

// ---- Condition variables ----------------------------------------------------
// Always wait: no fast path. Cancellation points: see the file comment.

TLSAN_INTERCEPTOR(int, pthread_cond_wait, pthread_cond_t *cond,
                  pthread_mutex_t *mutex) {
  TLSAN_ENTER(pthread_cond_wait);
  BlockingRegion region(kBlockCondvar, "pthread_cond_wait", (uptr)cond,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_cond_wait)(cond, mutex);
}

TLSAN_INTERCEPTOR(int, pthread_cond_timedwait, pthread_cond_t *cond,
                  pthread_mutex_t *mutex, const struct timespec *abstime) {
  TLSAN_ENTER(pthread_cond_timedwait);
  BlockingRegion region(kBlockCondvar, "pthread_cond_timedwait", (uptr)cond,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_cond_timedwait)(cond, mutex, abstime);
}

TLSAN_INTERCEPTOR(int, pthread_cond_clockwait, pthread_cond_t *cond,
                  pthread_mutex_t *mutex, clockid_t clock,
                  const struct timespec *abstime) {
  TLSAN_ENTER(pthread_cond_clockwait);
  BlockingRegion region(kBlockCondvar, "pthread_cond_clockwait", (uptr)cond,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_cond_clockwait)(cond, mutex, clock, abstime);
}

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

// ---- Semaphores -------------------------------------------------------------
// sem_wait and sem_timedwait are cancellation points even when the semaphore
// is available (glibc tests for cancellation first); sem_clockwait is not.
// The timed variants reject a bad clock or timeout before trying.

// sem_wait: like pthread_mutex_lock, a peek (glibc's semaphore keeps its
// value in the low 32 bits of its first 64-bit word on 64-bit targets,
// nptl's struct new_sem), then glibc's own call, which tests for
// cancellation and takes the semaphore. A lost race waits unpublished (the
// classifier falls back to /proc).
namespace {

bool SemLooksAvailable(sem_t *sem) {
  static_assert(sizeof(void *) == 8, "struct new_sem of 64-bit glibc");
  return (__atomic_load_n(reinterpret_cast<const u64 *>(sem),
                          __ATOMIC_RELAXED) &
          0xffffffffu) != 0;
}

TLSAN_NOINLINE int SemWaitSlow(sem_t *sem) {
  TLSAN_ENTER(sem_wait);
  if (SemLooksAvailable(sem)) return TLSAN_REAL(sem_wait)(sem);
  BlockingRegion region(kBlockSemaphore, "sem_wait", (uptr)sem,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(sem_wait)(sem);
}

}  // namespace

TLSAN_INTERCEPTOR(int, sem_wait, sem_t *sem) {
  auto real = TLSAN_REAL(sem_wait);
  if (TLSAN_LIKELY(real && SemLooksAvailable(sem))) return real(sem);
  [[clang::musttail]] return SemWaitSlow(sem);
}

TLSAN_INTERCEPTOR(int, sem_timedwait, sem_t *sem,
                  const struct timespec *abstime) {
  if (TLSAN_LIKELY(ValidNanoseconds(abstime))) {
    pthread_testcancel();
    if (TLSAN_LIKELY(SemFastPath(sem))) return 0;
  }
  TLSAN_ENTER(sem_timedwait);
  BlockingRegion region(kBlockSemaphore, "sem_timedwait", (uptr)sem,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(sem_timedwait)(sem, abstime);
}

TLSAN_INTERCEPTOR(int, sem_clockwait, sem_t *sem, clockid_t clock,
                  const struct timespec *abstime) {
  if (TLSAN_LIKELY(SupportedClock(clock) && ValidNanoseconds(abstime)) &&
      SemFastPath(sem))
    return 0;
  TLSAN_ENTER(sem_clockwait);
  BlockingRegion region(kBlockSemaphore, "sem_clockwait", (uptr)sem,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(sem_clockwait)(sem, clock, abstime);
}

// ---- Barriers ---------------------------------------------------------------

TLSAN_INTERCEPTOR(int, pthread_barrier_wait, pthread_barrier_t *barrier) {
  TLSAN_ENTER(pthread_barrier_wait);
  BlockingRegion region(kBlockBarrier, "pthread_barrier_wait", (uptr)barrier,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pthread_barrier_wait)(barrier);
}

// ---- C11 mtx_t / cnd_t ------------------------------------------------------
// mtx_trylock returns thrd_success, thrd_busy or thrd_error; mtx_lock the
// same, except that it waits instead of returning thrd_busy. mtx_t is an
// opaque union in the public header (no lock word to peek at), so C11
// mutexes take the trylock fast path, which costs about 3 ns more per free
// lock than mtx_lock alone.

TLSAN_INTERCEPTOR(int, mtx_lock, mtx_t *mutex) {
  int res = mtx_trylock(mutex);
  if (TLSAN_LIKELY(res != thrd_busy)) return res;
  TLSAN_ENTER(mtx_lock);
  BlockingRegion region(kBlockMutex, "mtx_lock", (uptr)mutex, TLSAN_CALLER_PC);
  if (!DeadlockDetectionOn() || !TLSAN_REAL(pthread_mutex_clocklock))
    return TLSAN_REAL(mtx_lock)(mutex);
  // glibc's mtx_lock is pthread_mutex_lock on the same object, its result
  // mapped by thrd_err_map: the sliced wait, then the same mapping.
  int err = WaitWithDeadlockChecks(reinterpret_cast<pthread_mutex_t *>(mutex),
                                   TLSAN_REAL(pthread_mutex_clocklock),
                                   CLOCK_REALTIME);
  switch (err) {
    case 0: return thrd_success;
    case ENOMEM: return thrd_nomem;
    case ETIMEDOUT: return thrd_timedout;
    case EBUSY: return thrd_busy;
    default: return thrd_error;
  }
}

TLSAN_INTERCEPTOR(int, mtx_timedlock, mtx_t *__restrict mutex,
                  const struct timespec *__restrict abstime) {
  int res = mtx_trylock(mutex);
  if (TLSAN_LIKELY(res != thrd_busy)) return res;
  TLSAN_ENTER(mtx_timedlock);
  BlockingRegion region(kBlockMutex, "mtx_timedlock", (uptr)mutex,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(mtx_timedlock)(mutex, abstime);
}

TLSAN_INTERCEPTOR(int, cnd_wait, cnd_t *cond, mtx_t *mutex) {
  TLSAN_ENTER(cnd_wait);
  BlockingRegion region(kBlockCondvar, "cnd_wait", (uptr)cond, TLSAN_CALLER_PC);
  return TLSAN_REAL(cnd_wait)(cond, mutex);
}

TLSAN_INTERCEPTOR(int, cnd_timedwait, cnd_t *__restrict cond,
                  mtx_t *__restrict mutex,
                  const struct timespec *__restrict abstime) {
  TLSAN_ENTER(cnd_timedwait);
  BlockingRegion region(kBlockCondvar, "cnd_timedwait", (uptr)cond,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(cnd_timedwait)(cond, mutex, abstime);
}

// ---- Raw futex waits --------------------------------------------------------

namespace {

// The futex operations that wait (FUTEX_CMD_MASK strips the private and
// clock flags).
bool IsFutexWait(long op) {
  switch (op & FUTEX_CMD_MASK) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_LOCK_PI:
#ifdef FUTEX_LOCK_PI2
    case FUTEX_LOCK_PI2:
#endif
      return true;
    default: return false;
  }
}

bool IsBlockingSyscall(long nr, long op) {
#ifdef SYS_futex_waitv
  if (nr == SYS_futex_waitv) return true;
#endif
  return nr == SYS_futex && IsFutexWait(op);
}

}  // namespace

// tlsan's own system calls are inline assembly, never this function, so it
// cannot recurse into the runtime.
TLSAN_INTERCEPTOR(long, syscall, long nr, ...) {
  // syscall takes up to six long arguments; reading unused ones is harmless
  // in the calling convention, and passes them on as they are.
  va_list ap;
  va_start(ap, nr);
  long a0 = va_arg(ap, long);
  long a1 = va_arg(ap, long);
  long a2 = va_arg(ap, long);
  long a3 = va_arg(ap, long);
  long a4 = va_arg(ap, long);
  long a5 = va_arg(ap, long);
  va_end(ap);
  TLSAN_ENTER(syscall);
  if (TLSAN_LIKELY(!IsBlockingSyscall(nr, a1)))
    return TLSAN_REAL(syscall)(nr, a0, a1, a2, a3, a4, a5);
  // The object is the futex word (futex_waitv: the array of waiters).
  BlockingRegion region(kBlockFutex, "futex", (uptr)a0, TLSAN_CALLER_PC);
  return TLSAN_REAL(syscall)(nr, a0, a1, a2, a3, a4, a5);
}

namespace __tlsan {

void InitializeSyncInterceptors() {
  TLSAN_INTERCEPT_FUNCTION(pthread_mutex_lock);
  TLSAN_INTERCEPT_FUNCTION(pthread_mutex_timedlock);
  TLSAN_INTERCEPT_FUNCTION(pthread_mutex_clocklock);
  TLSAN_INTERCEPT_FUNCTION(pthread_spin_lock);
  TLSAN_INTERCEPT_FUNCTION(pthread_rwlock_rdlock);
  TLSAN_INTERCEPT_FUNCTION(pthread_rwlock_wrlock);
  TLSAN_INTERCEPT_FUNCTION(pthread_rwlock_timedrdlock);
  TLSAN_INTERCEPT_FUNCTION(pthread_rwlock_timedwrlock);
  TLSAN_INTERCEPT_FUNCTION(pthread_rwlock_clockrdlock);
  TLSAN_INTERCEPT_FUNCTION(pthread_rwlock_clockwrlock);
  // pthread_cond_* have two versions in glibc; the default (GLIBC_2.3.2) is
  // what programs built today link against, and an unversioned dlsym would
  // find the old one. pthread_cond_clockwait (GLIBC_2.30) has one.
  TLSAN_INTERCEPT_FUNCTION_VER(pthread_cond_wait, "GLIBC_2.3.2");
  TLSAN_INTERCEPT_FUNCTION_VER(pthread_cond_timedwait, "GLIBC_2.3.2");
  TLSAN_INTERCEPT_FUNCTION(pthread_cond_clockwait);
  TLSAN_INTERCEPT_FUNCTION_VER(pthread_cond_destroy, "GLIBC_2.3.2");
  TLSAN_INTERCEPT_FUNCTION(sem_wait);
  TLSAN_INTERCEPT_FUNCTION(sem_timedwait);
  TLSAN_INTERCEPT_FUNCTION(sem_clockwait);
  TLSAN_INTERCEPT_FUNCTION(pthread_barrier_wait);
  TLSAN_INTERCEPT_FUNCTION(mtx_lock);
  TLSAN_INTERCEPT_FUNCTION(mtx_timedlock);
  TLSAN_INTERCEPT_FUNCTION(cnd_wait);
  TLSAN_INTERCEPT_FUNCTION(cnd_timedwait);
  TLSAN_INTERCEPT_FUNCTION(syscall);
}

}  // namespace __tlsan

//===-- tlsan_interceptors_thread.cpp - thread creation and lifetime ------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Interceptors for everything that creates a thread, ends one, or decides
// who cleans up after it: pthread_create/join/tryjoin/timedjoin/clockjoin/
// detach/exit, C11 thrd_create/join/detach/exit (glibc implements them
// without going through the pthread entry points), thread names
// (pthread_setname_np, prctl(PR_SET_NAME)), and process exit (exit(),
// return from main via __libc_start_main). std::thread, std::jthread and
// std::async reach the pthread ones.
//
// Contract: the creation path takes no lock and allocates nothing (the
// record comes from the registry, the stack goes to the depot); errno and
// results pass through untouched; the new thread runs the user's function
// from a trampoline that keeps it out of tail position, so stacks stay
// whole.
//
//===----------------------------------------------------------------------===//
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <threads.h>
#include <time.h>

#include "tlsan_blocking.h"
#include "tlsan_deadlock.h"
#include "tlsan_flags.h"
#include "tlsan_hang.h"
#include "tlsan_interception.h"
#include "tlsan_interceptors.h"
#include "tlsan_proc_linux.h"
#include "tlsan_registry.h"
#include "tlsan_rtl.h"

using namespace __tlsan;

TLSAN_DECLARE_REAL(int, pthread_join, pthread_t, void **)
TLSAN_DECLARE_REAL(int, pthread_timedjoin_np, pthread_t, void **,
                   const struct timespec *)
TLSAN_DECLARE_REAL(int, pthread_clockjoin_np, pthread_t, void **, clockid_t,
                   const struct timespec *)

namespace {

// Saves errno on entry and restores it on exit, for interceptors whose own
// work could touch it.
class ErrnoGuard {
 public:
  ErrnoGuard() : saved_(errno) {}
  ~ErrnoGuard() { errno = saved_; }

 private:
  int saved_;
};

bool Tracking() { return DetectLeaks() && CurrentContext()->in_runtime == 0; }

}  // namespace

namespace __tlsan {

// The new thread's first frame. Not inlined, and the user's function is not
// in tail position (the work after it), so unwinders see this frame.
// A thread leaves its start routine by returning, or by unwinding out of it
// (pthread_exit, thrd_exit, cancellation): the cleanup handler, registered
// as C code registers one (this file is built without exceptions, so
// pthread_cleanup_push is glibc's setjmp-based form), marks it finished on
// the way out. No thread-specific key: one set value makes glibc scan every
// key slot when each thread exits (about 680 instructions a thread).
void FinishOnUnwind(void *) { OnThreadFinish(); }

TLSAN_NOINLINE void *ThreadTrampoline(void *param) {
  ThreadRecord *r = (ThreadRecord *)param;
  void *(*start)(void *) = r->start_routine;
  void *arg = r->arg;
  OnThreadStart(r, (uptr)__builtin_frame_address(0));
  void *result;
  pthread_cleanup_push(FinishOnUnwind, nullptr);
  result = start(arg);
  pthread_cleanup_pop(1);
  __asm__ __volatile__("" ::: "memory");
  return result;
}

TLSAN_NOINLINE int C11ThreadTrampoline(void *param) {
  ThreadRecord *r = (ThreadRecord *)param;
  // thrd_create's routine, stored in the record's pthread-typed slot:
  // copied back bit for bit (no function-pointer cast).
  int (*start)(void *);
  __builtin_memcpy((void *)&start, (const void *)&r->start_routine,
                   sizeof(start));
  void *arg = r->arg;
  OnThreadStart(r, (uptr)__builtin_frame_address(0));
  int result;
  pthread_cleanup_push(FinishOnUnwind, nullptr);
  result = start(arg);
  pthread_cleanup_pop(1);
  __asm__ __volatile__("" ::: "memory");
  return result;
}

}  // namespace __tlsan

namespace {

bool AttrIsDetached(const pthread_attr_t *attr) {
  int state = PTHREAD_CREATE_JOINABLE;
  return attr && pthread_attr_getdetachstate(attr, &state) == 0 &&
         state == PTHREAD_CREATE_DETACHED;
}

ThreadRecord *LookUp(pthread_t th, u32 *generation) {
  if (!Tracking()) return nullptr;
  return LookUpThread((uptr)th, generation);
}

}  // namespace

TLSAN_INTERCEPTOR(int, pthread_create, pthread_t *thread,
                  const pthread_attr_t *attr, void *(*start)(void *),
                  void *arg) {
  TLSAN_ENTER(pthread_create);
  if (!Tracking()) return TLSAN_REAL(pthread_create)(thread, attr, start, arg);
  ErrnoGuard errno_guard;
  ThreadRecord *r =
      OnThreadCreate(TLSAN_CALLER_PC, start, arg, AttrIsDetached(attr));
  if (!r) return TLSAN_REAL(pthread_create)(thread, attr, start, arg);
  u32 generation = r->generation;  // stable until the thread starts
  int res = TLSAN_REAL(pthread_create)(thread, attr, ThreadTrampoline, r);
  if (res == 0)
    OnThreadCreated(r, generation, (uptr)*thread);
  else
    OnThreadCreateFailed(r);
  return res;
}

namespace {

// While the process exits, a join waits in slices; when the target is
// blocked (not running) after exit_join_timeout_ms, exit is stuck on a leaked
// thread: report and end the process instead of hanging silently.
int ExitBoundedJoin(pthread_t th, void **ret, ThreadRecord *r) {
  u64 budget_ns = (u64)flags()->exit_join_timeout_ms * 1000000ull;
  u64 start = MonotonicNanoTime();
  if (!TLSAN_REAL(pthread_timedjoin_np))
    TLSAN_INTERCEPT_FUNCTION(pthread_timedjoin_np);
  for (;;) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10 * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
      deadline.tv_sec++;
      deadline.tv_nsec -= 1000000000L;
    }
    int res = TLSAN_REAL(pthread_timedjoin_np)(th, ret, &deadline);
    if (res != ETIMEDOUT) return res;
    if (MonotonicNanoTime() - start < budget_ns) continue;
    TaskStat st;
    int tid = AtomicLoad(&r->tid, __ATOMIC_RELAXED);
    if (tid != 0 && ReadTaskStat(TaskDir(), tid, &st) && st.state != 'R') {
      char note[160];
      snprintf(note, sizeof(note),
               "pthread_join of thread T%u (tid=%d), called while the process "
               "exits (from a static destructor or an atexit handler)",
               r->uid, tid);
      OnExitStuck(note);
    }
    Report("WARNING: ThreadLeakSanitizer: exit is waiting in pthread_join for "
           "thread T%u (tid=%d), which is still running\n",
           r->uid, tid);
    return TLSAN_REAL(pthread_join)(th, ret);
  }
}

}  // namespace

// ---- Joins
// -------------------------------------------------------------------
//
// Every join that waits (pthread_join, pthread_timedjoin_np,
// pthread_clockjoin_np, thrd_join; std::thread::join is pthread_join) is
// handled the same way: the target is marked kJoining while the call runs
// (cleared if it fails), the wait is published as a join region, and a
// successful join releases the record. An untimed join (pthread_join,
// thrd_join, pthread_timedjoin_np with no deadline) waits through
// UntimedJoin: bounded while the process exits (ExitBoundedJoin), and
// otherwise in slices with deadlock checks (tlsan_deadlock.h), since a
// join can close a cycle (main holds a lock and joins a thread waiting for
// it). A join with the program's own deadline is no edge of the wait-for
// graph and is called as it is. pthread_tryjoin_np never waits: it only
// releases the record when it succeeds.

namespace {

// The untimed join of th (record r): the real call's result.
int UntimedJoin(pthread_t th, void **ret, ThreadRecord *r) {
  if ((AtomicLoad(&r->status) & kStateMask) == kFinished)
    return TLSAN_REAL(pthread_join)(th, ret);  // returns at once
  if (ExitInProgress()) return ExitBoundedJoin(th, ret, r);
  if (!DeadlockDetectionOn() || !TLSAN_REAL(pthread_clockjoin_np))
    return TLSAN_REAL(pthread_join)(th, ret);
  // pthread_clockjoin_np returns ETIMEDOUT only for tlsan's deadline (and
  // then leaves the thread joinable); otherwise what pthread_join returns.
  // Both are cancellation points.
  DeadlockWatch watch;
  for (;;) {
    struct timespec deadline = watch.NextDeadline();
    int res =
        TLSAN_REAL(pthread_clockjoin_np)(th, ret, CLOCK_MONOTONIC, &deadline);
    if (TLSAN_LIKELY(res != ETIMEDOUT)) return res;
    watch.OnTimeout();
  }
}

}  // namespace

TLSAN_INTERCEPTOR(int, pthread_join, pthread_t th, void **ret) {
  TLSAN_ENTER(pthread_join);
  u32 gen = 0;
  ThreadRecord *r = LookUp(th, &gen);
  if (!r) return TLSAN_REAL(pthread_join)(th, ret);
  int res;
  registry().SetFlag(r, gen, kJoining);
  {
    BlockingRegion region(kBlockJoin, "pthread_join", (uptr)th,
                          TLSAN_CALLER_PC);
    res = UntimedJoin(th, ret, r);
  }
  if (res == 0)
    OnThreadJoined((uptr)th, r, gen);
  else
    registry().ClearFlag(r, gen, kJoining);
  return res;
}

TLSAN_INTERCEPTOR(int, pthread_tryjoin_np, pthread_t th, void **ret) {
  TLSAN_ENTER(pthread_tryjoin_np);
  u32 gen = 0;
  ThreadRecord *r = LookUp(th, &gen);
  int res = TLSAN_REAL(pthread_tryjoin_np)(th, ret);
  if (res == 0 && r) OnThreadJoined((uptr)th, r, gen);
  return res;
}

TLSAN_INTERCEPTOR(int, pthread_timedjoin_np, pthread_t th, void **ret,
                  const struct timespec *abstime) {
  TLSAN_ENTER(pthread_timedjoin_np);
  u32 gen = 0;
  ThreadRecord *r = LookUp(th, &gen);
  if (!r) return TLSAN_REAL(pthread_timedjoin_np)(th, ret, abstime);
  int res;
  registry().SetFlag(r, gen, kJoining);
  if (!abstime) {
    // No deadline: glibc's pthread_join.
    BlockingRegion region(kBlockJoin, "pthread_join", (uptr)th,
                          TLSAN_CALLER_PC);
    res = UntimedJoin(th, ret, r);
  } else {
    BlockingRegion region(kBlockJoin, "pthread_timedjoin_np", (uptr)th,
                          TLSAN_CALLER_PC);
    res = TLSAN_REAL(pthread_timedjoin_np)(th, ret, abstime);
  }
  if (res == 0)
    OnThreadJoined((uptr)th, r, gen);
  else
    registry().ClearFlag(r, gen, kJoining);
  return res;
}

TLSAN_INTERCEPTOR(int, pthread_clockjoin_np, pthread_t th, void **ret,
                  clockid_t clock, const struct timespec *abstime) {
  TLSAN_ENTER(pthread_clockjoin_np);
  u32 gen = 0;
  ThreadRecord *r = LookUp(th, &gen);
  if (!r) return TLSAN_REAL(pthread_clockjoin_np)(th, ret, clock, abstime);
  int res;
  registry().SetFlag(r, gen, kJoining);
  if (!abstime && (clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC)) {
    // No deadline (and a clock glibc accepts, which it checks even then):
    // glibc's pthread_join.
    BlockingRegion region(kBlockJoin, "pthread_join", (uptr)th,
                          TLSAN_CALLER_PC);
    res = UntimedJoin(th, ret, r);
  } else {
    BlockingRegion region(kBlockJoin, "pthread_clockjoin_np", (uptr)th,
                          TLSAN_CALLER_PC);
    res = TLSAN_REAL(pthread_clockjoin_np)(th, ret, clock, abstime);
  }
  if (res == 0)
    OnThreadJoined((uptr)th, r, gen);
  else
    registry().ClearFlag(r, gen, kJoining);
  return res;
}

TLSAN_INTERCEPTOR(int, pthread_detach, pthread_t th) {
  TLSAN_ENTER(pthread_detach);
  u32 gen = 0;
  ThreadRecord *r = LookUp(th, &gen);
  int res = TLSAN_REAL(pthread_detach)(th);
  if (res == 0 && r) OnThreadDetached((uptr)th, r, gen);
  return res;
}

TLSAN_INTERCEPTOR(void, pthread_exit, void *retval) {
  TLSAN_ENTER(pthread_exit);
  OnThreadFinish();
  TLSAN_REAL(pthread_exit)(retval);
  __builtin_unreachable();
}

TLSAN_INTERCEPTOR(int, pthread_setname_np, pthread_t th, const char *name) {
  TLSAN_ENTER(pthread_setname_np);
  int res = TLSAN_REAL(pthread_setname_np)(th, name);
  if (res == 0) {
    u32 gen = 0;
    if (ThreadRecord *r = LookUp(th, &gen)) OnThreadNamed(r, gen, name);
  }
  return res;
}

TLSAN_INTERCEPTOR(int, prctl, int option, ...) {
  TLSAN_ENTER(prctl);
  // prctl takes up to four more unsigned long arguments; reading unused
  // ones is harmless in the calling convention, and passes them on as is.
  va_list ap;
  va_start(ap, option);
  unsigned long a2 = va_arg(ap, unsigned long);
  unsigned long a3 = va_arg(ap, unsigned long);
  unsigned long a4 = va_arg(ap, unsigned long);
  unsigned long a5 = va_arg(ap, unsigned long);
  va_end(ap);
  int res = TLSAN_REAL(prctl)(option, a2, a3, a4, a5);
  if (res == 0 && option == PR_SET_NAME && a2 != 0 && Tracking()) {
    ThreadContext *ctx = CurrentContext();
    if (ctx->record)
      OnThreadNamed(ctx->record, ctx->generation, (const char *)a2);
  }
  return res;
}

// ---- C11 threads ------------------------------------------------------------

TLSAN_INTERCEPTOR(int, thrd_create, thrd_t *thr, thrd_start_t func, void *arg) {
  TLSAN_ENTER(thrd_create);
  if (!Tracking()) return TLSAN_REAL(thrd_create)(thr, func, arg);
  ErrnoGuard errno_guard;
  void *(*routine)(void *);  // stored as is; C11ThreadTrampoline reads it
  static_assert(sizeof(routine) == sizeof(func), "function pointers");
  __builtin_memcpy((void *)&routine, (const void *)&func, sizeof(routine));
  ThreadRecord *r = OnThreadCreate(TLSAN_CALLER_PC, routine, arg, false);
  if (!r) return TLSAN_REAL(thrd_create)(thr, func, arg);
  u32 generation = r->generation;  // stable until the thread starts
  int res = TLSAN_REAL(thrd_create)(thr, C11ThreadTrampoline, r);
  if (res == thrd_success)
    OnThreadCreated(r, generation, (uptr)*thr);
  else
    OnThreadCreateFailed(r);
  return res;
}

// glibc's thrd_join is pthread_join's code with thrd_* results (thrd_t is
// a pthread_t); joined through UntimedJoin like pthread_join.
TLSAN_INTERCEPTOR(int, thrd_join, thrd_t thr, int *res_out) {
  TLSAN_ENTER(thrd_join);
  u32 gen = 0;
  ThreadRecord *r = LookUp((pthread_t)thr, &gen);
  if (!r) return TLSAN_REAL(thrd_join)(thr, res_out);
  int err;
  void *value = nullptr;
  registry().SetFlag(r, gen, kJoining);
  {
    BlockingRegion region(kBlockJoin, "thrd_join", (uptr)thr, TLSAN_CALLER_PC);
    err = UntimedJoin((pthread_t)thr, &value, r);
  }
  if (err == 0) {
    OnThreadJoined((uptr)thr, r, gen);
    if (res_out) *res_out = (int)(uptr)value;
    return thrd_success;
  }
  registry().ClearFlag(r, gen, kJoining);
  // glibc's thrd_err_map.
  switch (err) {
    case ENOMEM: return thrd_nomem;
    case ETIMEDOUT: return thrd_timedout;
    case EBUSY: return thrd_busy;
    default: return thrd_error;
  }
}

TLSAN_INTERCEPTOR(int, thrd_detach, thrd_t thr) {
  TLSAN_ENTER(thrd_detach);
  u32 gen = 0;
  ThreadRecord *r = LookUp((pthread_t)thr, &gen);
  int res = TLSAN_REAL(thrd_detach)(thr);
  if (res == thrd_success && r) OnThreadDetached((uptr)thr, r, gen);
  return res;
}

TLSAN_INTERCEPTOR(void, thrd_exit, int res) {
  TLSAN_ENTER(thrd_exit);
  OnThreadFinish();
  TLSAN_REAL(thrd_exit)(res);
  __builtin_unreachable();
}

// ---- Non-local jumps
// ---------------------------------------------------------
//
// A signal handler that longjmps out of a blocking call never runs the
// BlockingRegion's destructor. Counting the jumps lets the classifier trust
// every region entered since the thread's last jump and look closer only at
// the others (RegionIsStale). <setjmp.h> is not included: its declarations
// carry exception specifications these definitions need not repeat.

struct __jmp_buf_tag;

namespace {

void CountJump() {
  ThreadContext *ctx = CurrentContext();
  if (ThreadRecord *r = ctx->record)
    AtomicStore(&r->jumps, r->jumps + 1, __ATOMIC_RELAXED);
}

}  // namespace

// longjmp, _longjmp, siglongjmp, and __longjmp_chk (_FORTIFY_SOURCE's form
// of the first and the third): count, then jump.
#define TLSAN_JUMP_INTERCEPTOR(func)                                           \
  TLSAN_INTERCEPTOR(void, func, struct __jmp_buf_tag *env, int val) {          \
    TLSAN_ENTER(func);                                                         \
    CountJump();                                                               \
    TLSAN_REAL(func)(env, val);                                                \
    __builtin_unreachable();                                                   \
  }
TLSAN_JUMP_INTERCEPTOR(longjmp)
TLSAN_JUMP_INTERCEPTOR(_longjmp)
TLSAN_JUMP_INTERCEPTOR(siglongjmp)
TLSAN_JUMP_INTERCEPTOR(__longjmp_chk)
#undef TLSAN_JUMP_INTERCEPTOR

// ---- Process exit -----------------------------------------------------------

TLSAN_INTERCEPTOR(void, exit, int status) {
  TLSAN_ENTER(exit);
  OnExitBegin(status);
  TLSAN_REAL(exit)(status);
  __builtin_unreachable();
}

namespace __tlsan {
static int (*user_main)(int, char **, char **);

// Returning from main passes the status to exit() inside libc, where no
// interceptor sees it: note it here. (In namespace __tlsan so that reports
// hide this frame.)
TLSAN_NOINLINE static int MainWrapper(int argc, char **argv, char **envp) {
  StartHangWatchdog();  // hang_timeout_ms: only once main runs
  int status = user_main(argc, argv, envp);
  OnExitBegin(status);
  __asm__ __volatile__("" ::: "memory");
  return status;
}
}  // namespace __tlsan

TLSAN_INTERCEPTOR(int, __libc_start_main, int (*main)(int, char **, char **),
                  int argc, char **argv, void (*init)(void), void (*fini)(void),
                  void (*rtld_fini)(void), void *stack_end) {
  TLSAN_ENTER(__libc_start_main);
  user_main = main;
  return TLSAN_REAL(__libc_start_main)(MainWrapper, argc, argv, init, fini,
                                       rtld_fini, stack_end);
}

namespace __tlsan {

void InitializeThreadInterceptors() {
  TLSAN_INTERCEPT_FUNCTION(pthread_create);
  TLSAN_INTERCEPT_FUNCTION(pthread_join);
  TLSAN_INTERCEPT_FUNCTION(pthread_tryjoin_np);
  TLSAN_INTERCEPT_FUNCTION(pthread_timedjoin_np);
  TLSAN_INTERCEPT_FUNCTION(pthread_clockjoin_np);
  TLSAN_INTERCEPT_FUNCTION(pthread_detach);
  TLSAN_INTERCEPT_FUNCTION(pthread_exit);
  TLSAN_INTERCEPT_FUNCTION(pthread_setname_np);
  TLSAN_INTERCEPT_FUNCTION(prctl);
  TLSAN_INTERCEPT_FUNCTION(thrd_create);
  TLSAN_INTERCEPT_FUNCTION(thrd_join);
  TLSAN_INTERCEPT_FUNCTION(thrd_detach);
  TLSAN_INTERCEPT_FUNCTION(thrd_exit);
  TLSAN_INTERCEPT_FUNCTION(longjmp);
  TLSAN_INTERCEPT_FUNCTION(_longjmp);
  TLSAN_INTERCEPT_FUNCTION(siglongjmp);
  TLSAN_INTERCEPT_FUNCTION(__longjmp_chk);
  TLSAN_INTERCEPT_FUNCTION(exit);
  TLSAN_INTERCEPT_FUNCTION(__libc_start_main);
}

void InitializeInterceptors() {
  InitializeThreadInterceptors();
  InitializeSyncInterceptors();
  InitializeIoInterceptors();
  InitializeTimeInterceptors();
}

}  // namespace __tlsan

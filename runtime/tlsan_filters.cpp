//===-- tlsan_filters.cpp - threads that must not be reported -------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_filters.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_filters.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include "tlsan_proc_linux.h"
#include "tlsan_scope.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

// The reasons for both glibc predicates are in tlsan_builtin_filters.inc.
// glibc's timer_create(SIGEV_THREAD) helper: glibc starts it inside libc (no
// pthread_create that tlsan sees) the first time a program creates such a
// timer, and keeps it for the life of the process, waiting in sigwaitinfo
// for SIGTIMER (glibc's reserved SIGRTMIN, which programs cannot use). Not a
// leak of the program's.
static bool IsGlibcTimerHelper(const TaskSyscall &sc) {
#if defined(__x86_64__)
  if (sc.nr != SYS_rt_sigtimedwait) return false;
  u64 set = 0;
  if (!SafeRead(sc.args[0], &set, sizeof(set))) return false;
  return set == 1ull << (32 - 1);  // exactly { SIGRTMIN (32) }
#else
  return false;
#endif
}

// io_uring's workers (io-wq's iou-wrk-<tid>, the SQPOLL iou-sqp-<pid>) are
// kernel threads that the kernel places in the process's thread group: they
// show in /proc/self/task and run no user code. No program can join them
// (they end with the ring), so they are never a leak of the program's,
// whatever builtin_filters says. The kernel marks them PF_IO_WORKER in the
// flags of /proc/<tid>/stat.
static constexpr u64 kPfIoWorker = 0x10;  // include/linux/sched.h

bool IsKernelWorker(const TaskDir &dir, int tid) {
  TaskStat st;
  return ReadTaskStat(dir, tid, &st) && (st.kernel_flags & kPfIoWorker);
}

// glibc's getaddrinfo_a and POSIX AIO (aio_read...) helpers: started inside
// libc, they serve the requests, then wait for more on a condition variable
// in libc's own data, with a timeout (gai_idle_time, aio_idle_time: 1 s by
// default), and exit. The program has nothing to join; the thread ends by
// itself. Recognized as: waiting in a timed futex wait on a word inside
// libc.so's mapping. (A lock wait inside libc, such as malloc's, has no
// timeout.)
static bool InLibc(uptr addr) {
  static uptr libc_base;
  if (!libc_base) {
    Dl_info self;
    if (!dladdr((void *)&gnu_get_libc_version, &self) || !self.dli_fbase)
      return false;
    libc_base = (uptr)self.dli_fbase;
  }
  Dl_info info;
  return dladdr((void *)addr, &info) && (uptr)info.dli_fbase == libc_base;
}

static bool IsGlibcRequestHelper(const TaskSyscall &sc) {
  if (sc.nr != SYS_futex) return false;
  int op = (int)sc.args[1] & FUTEX_CMD_MASK;
  if (op != FUTEX_WAIT && op != FUTEX_WAIT_BITSET) return false;
  return sc.args[3] != 0 && InLibc(sc.args[0]);
}

// Both helpers are recognized by the system call they wait in.
bool RuntimePredicateHolds(int predicate, const TaskDir &dir, int tid) {
  TaskSyscall sc;
  if (!ReadTaskSyscall(dir, tid, &sc) || sc.running) return false;
  switch (predicate) {
    case kGlibcTimerHelper: return IsGlibcTimerHelper(sc);
    case kGlibcRequestHelper: return IsGlibcRequestHelper(sc);
    default: return false;
  }
}

bool ScopeWithin(u32 inner, u32 outer) {
  for (int depth = 0; inner != 0 && depth < 64; depth++) {
    if (inner == outer) return true;
    inner = ScopeParent(inner);
  }
  return false;
}

bool IsFilteredOut(const ThreadSnapshot &t, const FilterOptions &opts) {
  // The main thread is the process itself, and the thread that runs the
  // check (or calls exit) cannot be waiting for itself to end.
  if (t.has(kMain)) return true;
  for (int tid : opts.exclude_tids)
    if (tid != 0 && t.tid == tid) return true;
  // The user said so: __tlsan_ignore_thread, or created between
  // __tlsan_disable() and __tlsan_enable().
  if (t.has(kIgnored)) return true;
  // A detached thread that left its start routine is gone as far as the
  // program is concerned (its record is normally already released; this
  // covers the instant between the two).
  if (t.has(kDetached) && t.state() == kFinished) return true;
  // Finished and being joined right now: the join has returned or is about
  // to; its record is released a moment later.
  if (t.has(kJoining) && t.state() == kFinished) return true;
  if (t.state() == kFinished && !opts.report_finished) return true;
  if (t.has(kForeign) && !opts.report_foreign) return true;
  if (t.has(kKernelWorker)) return true;
  // Scoped checks look only at the threads of their scope.
  if (opts.scope != 0 && !ScopeWithin(t.scope, opts.scope)) return true;
  for (uptr i = 0; i < opts.ignore_ids_size; i++)
    if (opts.ignore_ids[i] == t.uid) return true;
  return false;
}

}  // namespace __tlsan

//===-- tlsan_filters.cpp - threads that must not be reported -------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_filters.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_filters.h"

#include <sys/syscall.h>

#include "tlsan_proc_linux.h"
#include "tlsan_scope.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

// glibc's timer_create(SIGEV_THREAD) helper: glibc starts it inside libc (no
// pthread_create that tlsan sees) the first time a program creates such a
// timer, and keeps it for the life of the process, waiting in sigwaitinfo
// for SIGTIMER (glibc's reserved SIGRTMIN, which programs cannot use). Not a
// leak of the program's.
static bool IsGlibcTimerHelper(const TaskDir &dir, int tid) {
#if defined(__x86_64__)
  TaskSyscall sc;
  if (!ReadTaskSyscall(dir, tid, &sc) || sc.nr != SYS_rt_sigtimedwait)
    return false;
  u64 set = 0;
  if (!SafeRead(sc.args[0], &set, sizeof(set))) return false;
  return set == 1ull << (32 - 1);  // exactly { SIGRTMIN (32) }
#else
  return false;
#endif
}

bool IsKnownRuntimeHelper(const TaskDir &dir, int tid) {
  return IsGlibcTimerHelper(dir, tid);
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
  if (t.has(kRuntimeHelper) && opts.builtin_filters) return true;
  // Scoped checks look only at the threads of their scope.
  if (opts.scope != 0 && !ScopeWithin(t.test_id, opts.scope)) return true;
  for (uptr i = 0; i < opts.ignore_ids_size; i++)
    if (opts.ignore_ids[i] == t.uid) return true;
  return false;
}

}  // namespace __tlsan

//===-- tlsan_filters.h - threads that must not be reported ---------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The leak pass asks, for every thread it sees, whether it is a candidate at
// all (IsFilteredOut: flags, the check's own ignores; each rule has a comment
// saying why). The built-in filters for runtimes' own threads are data, in
// the suppression syntax (tlsan_builtin_filters.inc, applied through
// tlsan_suppressions.h); the few that need a /proc fact no suppression type
// expresses are the predicates below, named there by `proc:` lines.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_FILTERS_H
#define TLSAN_FILTERS_H

#include "tlsan_internal.h"
#include "tlsan_thread_record.h"

namespace __tlsan {

struct FilterOptions {
  int exclude_tids[2];    // never reported: the main thread at exit, the
                          // thread running the check / calling exit()
  bool report_finished;   // flags()->report_finished_threads
  bool report_foreign;    // flags()->report_foreign_threads
  u32 scope;              // 0: all; else only threads of this scope
  const u64 *ignore_ids;  // thread ids (uids) never reported
  uptr ignore_ids_size;
  bool builtin_filters;  // flags()->builtin_filters
};

// True if `t` is not a leak candidate under `opts`.
bool IsFilteredOut(const ThreadSnapshot &t, const FilterOptions &opts);

// Predicates on /proc facts for `proc:` lines of the built-in table, each
// recognizing a foreign thread that a runtime starts on purpose and never
// joins. Reads /proc; leak pass only. The names are the parser's.
enum RuntimePredicate : u8 {
  kGlibcTimerHelper,    // rt_sigtimedwait on exactly {SIGRTMIN}
  kGlibcRequestHelper,  // a timed futex wait on a word inside libc.so.6
  kRuntimePredicateCount,
};
inline constexpr const char *kRuntimePredicateNames[kRuntimePredicateCount] = {
    "glibc_timer_helper", "glibc_request_helper"};
class TaskDir;
bool RuntimePredicateHolds(int predicate, const TaskDir &dir, int tid);
// Whether foreign thread `tid` is a kernel worker placed in the process
// (io_uring's): marked kKernelWorker, never reported.
bool IsKernelWorker(const TaskDir &dir, int tid);

// True if scope `inner` is `outer` or nested in it (scope table lookup).
bool ScopeWithin(u32 inner, u32 outer);

}  // namespace __tlsan

#endif  // TLSAN_FILTERS_H

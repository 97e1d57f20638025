//===-- tlsan_check.h - the check driver: one list of stages --------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Every check (the exit pass, the stuck-exit report, __tlsan_do_leak_check,
// __tlsan_do_recoverable_leak_check, __tlsan_check and the scopes built on
// it) runs RunCheck, which reads top to bottom as its stages, each a call
// with a plain struct in or out (tlsan_check.cpp):
//
//   PlanCheck        request + flags + options      -> CheckPlan
//   CollectLeaks     snapshot, retries, filters,
//                    classify, wait graph           -> LeakSet
//   SymbolizeLeaks   symbolize, regroup by source   (LeakSet, SymbolCache)
//   SuppressLeaks    suppressions                   (LeakSet)
//   BuildLeakModel   blocked stacks, each thread's
//                    sentence (tlsan_leak_model.h),
//                    structured callbacks and the
//                    filters: the check's own and
//                    the process's                  (LeakSet)
//   WriteReports     text/JSON/SARIF, sink, DOT     (LeakSet -> outputs)
//
// A kind of check (CheckKind, tlsan_leak.h) is a matter of the request's
// parameters: which threads to exclude, whether to retry, where to write.
// The deadlock and hang checks collect and classify their own threads
// (tlsan_deadlock.cpp, tlsan_hang.cpp) and join at the model stage
// (ReportClassifiedLeaks).
//
// Filters that call user code (__tlsan_check_options::filter, the process
// filter of __tlsan_set_filter) run in BuildLeakModel, on the checking
// thread, after symbolization and suppressions. The process filter applies
// to every check but two: the stuck-exit report (exit cannot finish without
// the thread it waits on: the report is the only explanation the user gets,
// and the process is ending with `exitcode` anyway) and the deadlock and
// hang reports, which never call back into user code.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_CHECK_H
#define TLSAN_CHECK_H

#include "sanitizer/tlsan_interface.h"
#include "tlsan_leak.h"
#include "tlsan_leak_pass.h"
#include "tlsan_report.h"
#include "tlsan_symbolizer.h"

namespace __tlsan {
class SymbolCache;
}

namespace __tlsan {

// What a caller asks for.
struct CheckRequest {
  CheckKind kind;
  const __tlsan_check_options *options;  // may be null
  void (*on_leak)(const __tlsan_leak *, void *);
  void (*on_report)(const char *, void *);
  void *ctx;
  bool to_sink;            // write the report to log_path
  const char *stuck_note;  // kCheckExitStuck: what exit waits on
};

// The request resolved against the flags and options: what every later
// stage reads (PlanCheck).
struct CheckPlan {
  CheckKind kind;
  const __tlsan_check_options *options;  // null if absent or too small
  LeakPassOptions pass;
  int symbolize;
  const char *format;  // "text", "json" or "sarif"
  bool structured;     // every thread's blocked stack is needed
  bool deliver;        // structured callbacks or a filter to run
  // The check's own filter (options->filter), then the process filter
  // (__tlsan_set_filter), those present.
  LeakFilter filters[2];
  u8 filter_count;
  bool to_sink;
  bool print_suppressions;
};

// The symbolizer's options from the flags (symbolize,
// external_symbolizer_path, strip_path_prefix; 5 s per answer), for every
// report: checks, deadlocks, hangs and dumps.
SymbolizerOptions SymbolizerOptionsFromFlags();

// Sets the process filter every later check plans with (see above); a
// null `fn` removes it. Any thread; a check planned meanwhile sees the old
// filter or the new one, each whole.
void SetProcessFilter(LeakFilter filter);

// Runs a check. Returns the number of leaked threads after filtering.
int RunCheck(const CheckRequest &req);

// The model and write stages for a set classified elsewhere (the deadlock
// and hang checks, every thread's stack unwound): report_format to
// log_path.
void ReportClassifiedLeaks(LeakSet *set, SymbolCache *symbols);

// The stages, in order (exposed for tests).
CheckPlan PlanCheck(const CheckRequest &req, int self_tid, int exit_tid);
// True if a built-in filter decided without symbols matched a thread.
bool CollectLeaks(const CheckPlan &plan, const char *stuck_note, LeakSet *set);

}  // namespace __tlsan

#endif  // TLSAN_CHECK_H

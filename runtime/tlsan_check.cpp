//===-- tlsan_check.cpp - the check driver --------------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_check.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_check.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>

#include "tlsan_buffer.h"
#include "tlsan_classifier.h"
#include "tlsan_flags.h"
#include "tlsan_leak_model.h"
#include "tlsan_report.h"
#include "tlsan_report_sink.h"
#include "tlsan_rtl.h"
#include "tlsan_suppressions.h"
#include "tlsan_symbolizer.h"
#include "tlsan_syscall_linux.h"
#include "tlsan_wait_graph.h"

namespace __tlsan {

// ---- Stage 1: the plan ----------------------------------------------------

static void ApplyCheckOptions(const __tlsan_check_options *o, CheckPlan *p) {
  if (o->max_retries >= 0) p->pass.max_retries = o->max_retries;
  if (o->max_sleep_ms >= 0) p->pass.max_sleep_ms = o->max_sleep_ms;
  if (o->symbolize >= 0) p->symbolize = o->symbolize != 0;
  p->pass.filter.scope = o->scope;
  // A scope holds only threads created through tlsan's interceptors:
  // foreign threads never belong to one, so skip the /proc/self/task scan.
  if (o->scope != 0) p->pass.filter.report_foreign = false;
  p->pass.filter.ignore_ids = o->ignore_ids;
  p->pass.filter.ignore_ids_size = o->ignore_ids ? o->ignore_ids_size : 0;
  // Fields added later are read only if the caller's struct has them.
  if (o->size < offsetof(__tlsan_check_options, report_to_sink) +
                    sizeof(o->report_to_sink))
    return;
  bool stderr_text = internal_strcmp(flags()->report_format, "text") == 0 &&
                     ReportSinkIsStderr(flags()->log_path);
  if (o->report_to_sink == TLSAN_REPORT_TO_SINK ||
      (o->report_to_sink == TLSAN_REPORT_TO_SINK_UNLESS_STDERR_TEXT &&
       !stderr_text))
    p->to_sink = true;
}

// The process filter (__tlsan_set_filter): set rarely (a test framework's
// setup), read once per check. A spin bit keeps the pair whole.
static LeakFilter process_filter;
static int process_filter_busy;

static void LockProcessFilter() {
  while (AtomicExchange(&process_filter_busy, 1, __ATOMIC_ACQUIRE)) {
    // A few stores long: the holder is about to let go.
  }
}

static void UnlockProcessFilter() { AtomicStore(&process_filter_busy, 0); }

void SetProcessFilter(LeakFilter filter) {
  if (!filter.fn) filter.ctx = nullptr;
  LockProcessFilter();
  process_filter = filter;
  UnlockProcessFilter();
}

static LeakFilter LoadProcessFilter() {
  LockProcessFilter();
  LeakFilter f = process_filter;
  UnlockProcessFilter();
  return f;
}

// The filters that call user code, in order: the check's own, then the
// process's (not for the stuck-exit report: see tlsan_check.h).
static void PlanFilters(const CheckRequest &req, CheckPlan *p) {
  p->filter_count = 0;
  if (p->options && p->options->filter)
    p->filters[p->filter_count++] = {p->options->filter,
                                     p->options->filter_ctx};
  if (req.kind == kCheckExitStuck) return;
  LeakFilter process = LoadProcessFilter();
  if (process.fn) p->filters[p->filter_count++] = process;
}

CheckPlan PlanCheck(const CheckRequest &req, int self_tid, int exit_tid) {
  CheckPlan p = {};
  p.kind = req.kind;
  p.options = req.options;
  if (p.options && p.options->size < sizeof(size_t)) p.options = nullptr;
  FilterOptions &filter = p.pass.filter;
  filter.exclude_tids[0] = self_tid;
  filter.exclude_tids[1] = req.kind == kCheckOnDemand ? 0 : exit_tid;
  filter.report_finished = flags()->report_finished_threads;
  filter.report_foreign = flags()->report_foreign_threads;
  filter.builtin_filters = flags()->builtin_filters;
  p.pass.max_retries = flags()->max_retries;
  p.pass.max_sleep_ms = flags()->max_sleep_ms;
  // Only with verbosity=1: a clean program's lingering threads (TBB's
  // workers leaving under load) can take that long too, and a program that
  // leaks nothing must print nothing. Silent with print_suppressions=0: the
  // threads waited for may all be suppressed.
  p.pass.announce_wait = req.kind == kCheckAtExit && flags()->verbosity >= 1 &&
                         flags()->print_suppressions;
  p.symbolize = flags()->symbolize;
  p.to_sink = req.to_sink;
  if (p.options) ApplyCheckOptions(p.options, &p);
  if (req.kind == kCheckExitStuck) p.pass.max_retries = 0;
  p.format = p.to_sink ? flags()->report_format : "text";
  PlanFilters(req, &p);
  p.deliver = req.on_leak || p.filter_count > 0;
  p.structured = p.deliver || internal_strcmp(p.format, "text") != 0;
  p.print_suppressions = p.to_sink && flags()->print_suppressions;
  return p;
}

// ---- Stage 2: snapshot, retries, filters, classify, wait graph -----------

bool CollectLeaks(const CheckPlan &plan, const char *stuck_note, LeakSet *set) {
  set->kind = plan.kind;
  if (stuck_note)
    internal_strlcpy(set->stuck_note, stuck_note, sizeof(set->stuck_note));
  RunLeakPass(plan.pass, set);  // marks the built-ins that need no symbols
  bool suppressed = TakeSuppressed(set) > 0;
  ClassifyLeaks(set);
  return suppressed;
}

// ---- Stage 3: symbolize (and regroup by source line) ---------------------

SymbolizerOptions SymbolizerOptionsFromFlags() {
  SymbolizerOptions so = {};
  so.symbolize = flags()->symbolize;
  so.external_path = flags()->external_symbolizer_path;
  so.strip_path_prefix = flags()->strip_path_prefix;
  so.timeout_ms = 5000;
  return so;
}

static SymbolizerOptions SymbolizerOptionsFor(const CheckPlan &plan) {
  SymbolizerOptions so = SymbolizerOptionsFromFlags();
  so.symbolize = plan.symbolize;
  return so;
}

// Groups by source line when frames are symbolized (a loop's peeled first
// iteration is not a group of its own).
static void SymbolizeLeaks(const CheckPlan &plan, LeakSet *set,
                           SymbolCache *symbols) {
  if (plan.symbolize && MergeSameSourceStacks(set, symbols)) GroupLeaks(set);
}

// ---- Stage 4: suppress ----------------------------------------------------

// The filters that need symbols: the user's suppressions and the other
// built-in lines. True if one matched.
static bool SuppressLeaks(LeakSet *set, SymbolCache *symbols) {
  MarkSuppressions(set, symbols);
  return TakeSuppressed(set) > 0;
}

// ---- Stage 5: build the model ---------------------------------------------

// Where blocked threads wait, then the structured callbacks and the
// filters (which may take threads out).
static void BuildLeakModel(const CheckPlan &plan, const CheckRequest &req,
                           LeakSet *set, SymbolCache *symbols) {
  UnwindBlockedStacks(set, /*every_thread=*/plan.structured);
  DescribeLeaks(set, symbols);
  if (plan.deliver)
    DeliverStructuredLeaks(set, symbols, plan.filters, plan.filter_count,
                           req.on_leak, req.ctx);
}

// ---- Stage 6: write -------------------------------------------------------

// wait_graph=FILE: the DOT graph, written whole (temporary file + rename).
static void WriteWaitGraphFile(const LeakSet &set) {
  TextBuffer dot;
  WriteWaitGraphDot(set, &dot);
  char tmp[4096];
  snprintf(tmp, sizeof(tmp), "%s.tmp.%d", flags()->wait_graph, GetPid());
  int fd = internal_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  bool ok = fd >= 0 && internal_write_file(fd, dot.data(), dot.size()) == 0;
  if (fd >= 0) internal_close(fd);
  if (ok && internal_rename(tmp, flags()->wait_graph) == 0) return;
  if (fd >= 0) internal_unlink(tmp);
  Report("WARNING: ThreadLeakSanitizer: cannot write wait_graph file '%s'\n",
         flags()->wait_graph);
}

static bool IsSarif(const char *format) {
  return internal_strcmp(format, "sarif") == 0;
}

static void FormatReport(const char *format, const LeakSet &set,
                         SymbolCache *symbols, TextBuffer *text) {
  if (internal_strcmp(format, "json") == 0)
    WriteJsonReport(set, symbols, text);
  else if (internal_strcmp(format, "sarif") == 0)
    WriteSarifReport(set, symbols, text);
  else
    WriteTextReport(set, symbols, text);
}

static void WriteReports(const CheckPlan &plan, const CheckRequest &req,
                         const LeakSet &set, SymbolCache *symbols) {
  if (set.leaks.size() == 0 || !(plan.to_sink || req.on_report)) return;
  TextBuffer text;
  FormatReport(plan.format, set, symbols, &text);
  if (req.on_report) {
    // The caller's report is for people: text, whatever the sink's format.
    TextBuffer human;
    bool is_text = internal_strcmp(plan.format, "text") == 0;
    if (!is_text) WriteTextReport(set, symbols, &human);
    req.on_report(is_text ? text.data() : human.data(), req.ctx);
  }
  if (!plan.to_sink) return;
  WriteToReportSink(flags()->log_path, text.data(), text.size(),
                    IsSarif(plan.format));
  if (flags()->wait_graph[0]) WriteWaitGraphFile(set);
}

void ReportClassifiedLeaks(LeakSet *set, SymbolCache *symbols) {
  UnwindBlockedStacks(set, /*every_thread=*/true);
  DescribeLeaks(set, symbols);
  TextBuffer text;
  FormatReport(flags()->report_format, *set, symbols, &text);
  WriteToReportSink(flags()->log_path, text.data(), text.size(),
                    IsSarif(flags()->report_format));
}

// ---- The driver -----------------------------------------------------------

// The stages after the leak pass, for a non-empty set. Returns the count;
// sets *suppressed if a suppression matched.
static int ReportLeaks(const CheckPlan &plan, const CheckRequest &req,
                       LeakSet *set, bool *suppressed) {
  Symbolizer symbolizer(SymbolizerOptionsFor(plan));
  SymbolCache symbols(&symbolizer);
  SymbolizeLeaks(plan, set, &symbols);
  *suppressed |= SuppressLeaks(set, &symbols);
  BuildLeakModel(plan, req, set, &symbols);
  WriteReports(plan, req, *set, &symbols);
  return (int)set->leaks.size();
}

// Which suppressions matched, with their counts of threads (as lsan); the
// built-in filters' only with a report or verbosity=1, so a clean program's
// output stays its own.
static void PrintSuppressions(int leaked) {
  PrintMatchedSuppressions(/*builtin=*/false);
  if (leaked > 0 || flags()->verbosity >= 1)
    PrintMatchedSuppressions(/*builtin=*/true);
}

int RunCheck(const CheckRequest &req) {
  EnsureInitialized();
  if (!DetectLeaks()) return 0;
  SyncAfterRawFork();
  ThreadContext *ctx = CurrentContext();
  ctx->in_runtime++;
  int self_tid = ctx->tid ? ctx->tid : GetTid();
  CheckPlan plan = PlanCheck(req, self_tid, ExitTid());
  LeakSet set;
  bool suppressed = CollectLeaks(plan, req.stuck_note, &set);
  int count = (int)set.leaks.size();
  if (count > 0) count = ReportLeaks(plan, req, &set, &suppressed);
  if (suppressed && plan.print_suppressions) PrintSuppressions(count);
  if (flags()->verbosity >= 1)
    Report("ThreadLeakSanitizer: leak check done: %d leaked thread(s)\n",
           count);
  ctx->in_runtime--;
  return count;
}

}  // namespace __tlsan

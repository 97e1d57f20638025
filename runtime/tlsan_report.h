//===-- tlsan_report.h - the report writers -------------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The last stage: a classified LeakSet becomes
//   * a sanitizer-style text report (WriteTextReport): banner, one block per
//     group with its symbolized creation stack, "And N more similar thread
//     leaks.", a hint line "file:line needs debug info: build with -g" when
//     a creating frame is shown as module+offset only, and a SUMMARY line;
//   * one JSON document on one line (WriteJsonReport), schema in
//     docs/json-report.md;
//   * __tlsan_leak values for the C ABI and the C++ module
//     (DeliverStructuredLeaks).
// Only these writers call the symbolizer, through SymbolCache, which
// symbolizes each distinct stack once. Leak pass only.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_REPORT_H
#define TLSAN_REPORT_H

#include "tlsan_buffer.h"
#include "tlsan_leak.h"
#include "tlsan_symbolizer.h"

struct __tlsan_check_options;
struct __tlsan_leak;

namespace __tlsan {

class SymbolCache {
 public:
  explicit SymbolCache(Symbolizer *symbolizer) : symbolizer_(symbolizer) {}
  // The symbolized frames of depot stack `stack_id`, without tlsan's own
  // frames. *frames stays valid until the next Get.
  void Get(u32 stack_id, const SymbolizedFrame **frames, uptr *count);

 private:
  struct Entry {
    u32 stack_id;
    u32 first;
    u32 count;
  };
  Symbolizer *symbolizer_;
  ScratchArray<Entry> entries_;
  ScratchArray<SymbolizedFrame> frames_;
  ScratchArray<SymbolizedFrame> scratch_;
};

// Groups by source line, not by pc: creation stacks whose symbolized frames
// all name the same function, file and line stand for one group (clang may
// peel a loop's first iteration: one line of source then calls
// pthread_create from two pcs). Sets each leak's group_stack to the first
// (lowest id) of its equals; a frame without a function or file:line (not
// symbolized) compares by pc. Returns true if any group_stack changed: the
// caller then regroups (GroupLeaks, tlsan_classifier.h). Symbolizes every
// distinct creation stack.
bool MergeSameSourceStacks(LeakSet *set, SymbolCache *symbols);

void WriteTextReport(const LeakSet &set, SymbolCache *symbols, TextBuffer *out);
void WriteJsonReport(const LeakSet &set, SymbolCache *symbols, TextBuffer *out);

// A filter of leaked threads, as __tlsan_check_options::filter and
// __tlsan_set_filter take it: non-zero from `fn` ignores the thread.
struct LeakFilter {
  int (*fn)(const __tlsan_leak *leak, void *ctx);
  void *ctx;
};

// Builds a __tlsan_leak for every leak, drops the ones a filter of
// filters[0..filter_count) rejects (regrouping the rest), and calls on_leak
// for the others.
void DeliverStructuredLeaks(LeakSet *set, SymbolCache *symbols,
                            const LeakFilter *filters, uptr filter_count,
                            void (*on_leak)(const __tlsan_leak *, void *),
                            void *ctx);

void WriteSarifReport(const LeakSet &set, SymbolCache *symbols,
                      TextBuffer *out);

// After leaks were removed from `set` (filters, suppressions): renumbers
// the remaining groups (they stay contiguous) and sets set->groups.
void RenumberGroups(LeakSet *set);

// Shared by the writers.
// A frame of the C/C++ runtime (std::, pthread_*, libc, libstdc++...): the
// "creating function" is the first creation frame that is not one. The one
// rule for every output: the text, JSON and SARIF reports, suppressions and,
// through __tlsan_leak::creator_frame, the C++ module.
bool IsRuntimeLibraryFrame(const SymbolizedFrame &f);
// The index of the first frame that is not IsRuntimeLibraryFrame, or n.
uptr FirstProgramFrame(const SymbolizedFrame *frames, uptr n);
struct LeakCounts {
  uptr blocked, running, finished, deadlocked;
};
LeakCounts CountLeaks(const LeakSet &set);

}  // namespace __tlsan

#endif  // TLSAN_REPORT_H

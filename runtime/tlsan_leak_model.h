//===-- tlsan_leak_model.h - one sentence per leaked thread ---------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The check driver's model stage (tlsan_check.cpp, BuildLeakModel): once
// the wait-for graph has found owners and causes, every LeakedThread gets
// the one sentence that says what it is doing, e.g.
//   blocked in pthread_join on join 0x7f.., waiting for thread T1 (tid=12),
//   for 40 ms
// The writers (text, JSON, SARIF, the C/C++ API) print that sentence; none
// of them words a thread's state itself, so the formats cannot disagree
// (the way ThreadSanitizer's ReportDesc is built once and PrintReport only
// formats it: compiler-rt lib/tsan/rtl/tsan_report.h).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_LEAK_MODEL_H
#define TLSAN_LEAK_MODEL_H

#include "tlsan_buffer.h"
#include "tlsan_leak.h"

namespace __tlsan {

// The check's name in JSON and SARIF: "exit", "on_demand", "exit_stuck",
// "deadlock", "hang", "dump".
const char *CheckKindName(CheckKind k);

// The short state, as the text report's header line shows it: "running",
// "running, spinning on the CPU", "finished, not joined", "blocked in read".
void AppendStateDescription(const LeakedThread &l, TextBuffer *out);

// "main thread (tid=12)", "thread T3 (tid=14)", "thread tid=15" (unknown).
void AppendThreadRef(u32 uid, int tid, TextBuffer *out);

// The sentence (see above), without a capital or a final period.
// `futex_name`: the library wait a futex wait belongs to ("std::latch",
// NameFutexWaitFromFrames in tlsan_wait_words.h), or null.
void DescribeLeak(const LeakedThread &l, const char *futex_name,
                  TextBuffer *out);

class SymbolCache;

// Fills every leak's `sentence`. After AnalyzeWaitGraph and the blocked
// stacks' unwinding; before any writer. With `symbols`, a futex wait is
// named from its waiting frames ("on std::latch 0x..").
void DescribeLeaks(LeakSet *set, SymbolCache *symbols = nullptr);

}  // namespace __tlsan

#endif  // TLSAN_LEAK_MODEL_H

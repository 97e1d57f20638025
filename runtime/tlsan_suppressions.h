//===-- tlsan_suppressions.h - user and built-in suppressions -------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Suppressions in the sanitizer format, one `type:pattern` per line, `#`
// comments (a whole line, or from a ` #` to the end of a line), patterns
// matched as in sanitizer_common (a substring match; `*` matches any run of
// characters; `^` and `$` anchor at the start and end; the glob itself is
// tlsan_name_match.h's GlobMatch, the one the C++ ignores use). A line may
// join up to four conditions with ` && `: it matches when all of them do.
//
//   | type      | matches a leaked thread when the pattern matches...        |
//   |-----------|-------------------------------------------------------------|
//   | thread    | any frame of its creation stack (function, file or module)  |
//   | creator   | the function that created it: the first creation frame     |
//   |           | outside the C/C++ runtime (std::thread, pthread_create...)  |
//   | blocked   | the code it waits in: the caller of the blocking call, or,  |
//   |           | for a system call no interceptor saw, the code that made it |
//   |           | (function, file or module)                                  |
//   | running   | the code a running thread runs: the top frame of its stack  |
//   |           | (sampled: stack_of_running_threads=1)                       |
//   | name      | its name (pthread_setname_np)                               |
//   | start     | its start routine (function, file or module)               |
//   | proc      | a built-in predicate on /proc facts, by name                |
//   |           | (glibc_timer_helper, glibc_request_helper: see             |
//   |           | tlsan_filters.h)                                            |
//
// Sources: the file named by the `suppressions` flag (a relative path is
// looked up next to the executable, then in the current directory), the
// program's __tlsan_default_suppressions() hook, and, with
// builtin_filters=1, the built-in table (tlsan_builtin_filters.inc, each
// line with its reason; docs/builtin-filters.md). A malformed line or an
// unreadable file is an error naming the file and the line: the run never
// silently checks less.
//
// Two phases, both marking a thread with the line that matched it (counts
// are per thread), then TakeSuppressed removes the marked threads:
//   1. the leak pass (MatchBuiltinEarly): built-in lines decided by facts
//      that need no symbols (the module an address is in, the name, /proc),
//      so the re-checks do not wait for a runtime's parked threads;
//   2. after symbolization (MarkSuppressions): every other line, through
//      the report's SymbolCache.
//
#ifndef TLSAN_SUPPRESSIONS_H
#define TLSAN_SUPPRESSIONS_H

#include "tlsan_internal.h"
#include "tlsan_leak.h"

namespace __tlsan {

class SymbolCache;
class TaskDir;

// Loads every source. Returns false and writes a one-line message to
// `error` on a malformed input. Called once, at initialization.
bool InitializeSuppressions(char *error, uptr error_size);

// Parses `text` (from `source`, for messages) into the active set; lines of
// the built-in table have `builtin` set. Exposed for the unit test and the
// fuzzer.
bool ParseSuppressions(const char *text, const char *source, char *error,
                       uptr error_size, bool builtin = false);

// The built-in table, in the suppression syntax (tlsan_builtin_filters.inc).
const char *BuiltinFiltersText();

// The sanitizer pattern match (substring, `*`, `^`, `$`). Exposed for tests.
bool TemplateMatch(const char *pattern, const char *str);

// A memo, one per phase of a check: for a few start routines, which lines
// their `start:` conditions allow (bit i: line i), so that 10,000 threads
// with the same start routine cost one module lookup (phase 1) or one
// symbolization (phase 2).
struct EarlyMatchCache {
  static constexpr int kEntries = 8;
  uptr start[kEntries] = {};
  u64 lines[kEntries] = {};
  int used = 0;
  int next = 0;  // the entry to replace when full
};

// Phase 1, in the leak pass: 1 + the index of the built-in line that
// certainly matches `t` from facts that need no symbols, or 0. Reads /proc
// through `dir` (opened if needed) only for a condition that needs it.
u32 MatchBuiltinEarly(const ThreadSnapshot &t, TaskDir *dir,
                      EarlyMatchCache *cache);

// Phase 2, after symbolization: marks each unmarked leak of `set` with the
// first line that matches it (LeakedThread::suppression).
void MarkSuppressions(LeakSet *set, SymbolCache *symbols);

// Counts each marked leak once for its line, removes the marked leaks from
// `set` (regrouping the rest) and returns how many it removed.
uptr TakeSuppressed(LeakSet *set);

// The lines that matched, with their counts of threads: user lines when
// `builtin` is false, built-in lines when true. Returns false if none.
bool PrintMatchedSuppressions(bool builtin);

// Unit tests only: forget every suppression and count.
void TestOnlyResetSuppressions();

}  // namespace __tlsan

#endif  // TLSAN_SUPPRESSIONS_H

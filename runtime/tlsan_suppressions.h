//===-- tlsan_suppressions.h - user and built-in suppressions -------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Suppressions in the sanitizer format, one `type:pattern` per line, `#`
// comments, patterns matched as in sanitizer_common (a substring match; `*`
// matches any run of characters; `^` and `$` anchor at the start and end):
//
//   | type      | matches a leaked thread when the pattern matches...        |
//   |-----------|-------------------------------------------------------------|
//   | thread    | any frame of its creation stack (function, file or module)  |
//   | creator   | the function that created it: the first creation frame     |
//   |           | outside the C/C++ runtime (std::thread, pthread_create...)  |
//   | blocked   | the function it waits in (the caller of the blocking call)  |
//   | name      | its name (pthread_setname_np)                               |
//
// Sources: the file named by the `suppressions` flag (a relative path is
// looked up next to the executable, then in the current directory), the
// program's __tlsan_default_suppressions() hook, and the built-in defaults
// (kDefaultSuppressions, each with its reason; default_suppressions=0 turns
// them off). A malformed line or an unreadable file is an error naming the
// file and the line: the run never silently checks less.
//
// Matching needs symbols, so it runs in the report stage, on the leaks the
// classifier produced, through the report's SymbolCache.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SUPPRESSIONS_H
#define TLSAN_SUPPRESSIONS_H

#include "tlsan_internal.h"
#include "tlsan_leak.h"

namespace __tlsan {

class SymbolCache;

// Loads every source. Returns false and writes a one-line message to
// `error` on a malformed input. Called once, at initialization.
bool InitializeSuppressions(char *error, uptr error_size);

// Parses `text` (from `source`, for messages) into the active set. Exposed
// for the unit test and the fuzzer.
bool ParseSuppressions(const char *text, const char *source, char *error,
                       uptr error_size);

// The sanitizer pattern match (substring, `*`, `^`, `$`). Exposed for tests.
bool TemplateMatch(const char *pattern, const char *str);

// Removes the leaks a suppression matches from `set` (regrouping the rest)
// and counts each suppression's hits. Returns how many were removed.
uptr ApplySuppressions(LeakSet *set, SymbolCache *symbols);

// print_suppressions=1: the suppressions that matched, with their counts.
void PrintMatchedSuppressions();

// Unit tests only: forget every suppression and count.
void TestOnlyResetSuppressions();

}  // namespace __tlsan

#endif  // TLSAN_SUPPRESSIONS_H

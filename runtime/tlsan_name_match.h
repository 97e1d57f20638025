//===-- tlsan_name_match.h - glob and function-name matching --------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The one place names are matched, for the suppressions (GlobMatch, under
// TemplateMatch) and, through the C ABI (__tlsan_function_matches,
// __tlsan_glob_matches), for the C++ API's ignores (modules/tlsan.cpp), so
// that both sides agree on what a name is.
//
// A demangled function name comes in several shapes:
//   Poller::loop()
//   void std::condition_variable::wait<Poller::loop()::'lambda'()>(...)
//   start_worker()::$_0::operator()() const
//   leveldb::(anonymous namespace)::PosixEnv::Schedule(std::function<...>)
//   (anonymous namespace)::g() [clone .cold]
// FunctionMatches compares a pattern with four forms of the name, each a
// prefix of the one before it once the leading return type is gone:
//
//   | form | what is removed                                              |
//   |------|--------------------------------------------------------------|
//   | 1    | nothing (surrounding blanks only)                            |
//   | 2    | ` [clone ...]`, trailing qualifiers (const, volatile, &, &&, |
//   |      | noexcept), the parameter list, a trailing `[abi:...]` tag    |
//   | 3    | the return type of a function template (before the last     |
//   |      | blank outside brackets)                                      |
//   | 4    | the trailing template arguments                              |
//
// The pattern matches a form when it is the whole form, or a suffix of it
// that starts right after a `::` outside brackets: "Schedule" and
// "PosixEnv::Schedule" match "ns::PosixEnv::Schedule(int)", "Sched",
// "edule" and "Env::Schedule" do not. Operator names (operator(),
// operator<, operator>>, operator new...) are read as one token.
//
// Contract: pure functions over (pointer, length) pairs; no allocation, no
// locks, no libc; callable from any thread, at any time, before or without
// initialization.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_NAME_MATCH_H
#define TLSAN_NAME_MATCH_H

#include "tlsan_internal.h"

namespace __tlsan {

// A piece of a string: `size` bytes at `data`, not NUL-terminated.
struct NameSpan {
  const char *data;
  uptr size;
};

// Whether glob[0..glob_len) matches the whole of text[0..text_len): `*`
// matches any run of characters (also none), every other character itself.
// Iterative, with one backtrack point.
// Example: GlobMatch("io-*", 4, "io-7", 4) is true.
bool GlobMatch(const char *glob, uptr glob_len, const char *text,
               uptr text_len);

// The four forms of a function name (see the table above); each is a span
// of `function`.
struct FunctionNameForms {
  NameSpan whole;                // form 1
  NameSpan without_parameters;   // form 2
  NameSpan without_return_type;  // form 3
  NameSpan without_template;     // form 4
};
FunctionNameForms SplitFunctionName(const char *function, uptr size);

// Whether `pattern` names `function`: some form of it is the pattern, whole
// or as a suffix starting after a `::` outside brackets. False when either
// is empty (after trimming blanks).
// Example: FunctionMatches of "PosixEnv::Schedule" and
//   "leveldb::(anonymous namespace)::PosixEnv::Schedule(std::function<void
//   ()>)" is true.
bool FunctionMatches(const char *function, uptr function_size,
                     const char *pattern, uptr pattern_size);

}  // namespace __tlsan

#endif  // TLSAN_NAME_MATCH_H

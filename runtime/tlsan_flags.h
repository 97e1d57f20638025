//===-- tlsan_flags.h - the runtime's flags
//--------------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The Flags struct is generated from tlsan_flags.inc. InitializeFlags()
// resets them to their defaults, parses __tlsan_default_options() and then
// the TLSAN_OPTIONS environment variable, and acts on help=1. It is called
// once, from runtime initialization; afterwards flags() is read-only.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_FLAGS_H
#define TLSAN_FLAGS_H

#include "tlsan_internal.h"

namespace __tlsan {

struct Flags {
#define TLSAN_FLAG(Type, Name, DefaultValue, Description) Type Name;
#include "tlsan_flags.inc"
#undef TLSAN_FLAG

  void SetDefaults();
};

extern Flags tlsan_flags_dont_use_directly;
inline Flags *flags() { return &tlsan_flags_dont_use_directly; }

// Defaults, __tlsan_default_options(), TLSAN_OPTIONS, then help=1.
// Malformed input prints one error line and terminates with status 1.
void InitializeFlags();

// Parses `options` (ASAN_OPTIONS syntax) into `f`. `source` names the input
// in diagnostics ("TLSAN_OPTIONS", a file name). Returns false and writes a
// one-line message to `error` (size `error_size`) on malformed input;
// unknown flags are collected as warnings and do not fail the parse.
// Exposed for the unit test and the fuzzer.
bool ParseFlagsString(Flags *f, const char *options, const char *source,
                      char *error, uptr error_size);

// The environment handed to .preinit_array functions, for use before libc
// sets `environ` (static runtime only; nullptr otherwise).
void SetInitialEnvironment(char **envp);
char **InitialEnvironment();

// Prints every flag with its current value and description.
void PrintFlagDescriptions();

// Secure execution (getauxval(AT_SECURE): setuid, setgid, file
// capabilities): the environment belongs to a less privileged user. The
// flags parser ignores path flags then; the symbolizer looks up no program
// in PATH.
bool SecureExecution();

// Unit tests only: pretend the process is (or is not) in secure execution
// (AT_SECURE: setuid, setgid, file capabilities), instead of asking the
// kernel. Under secure execution InitializeFlags() ignores the flags that
// name files or programs (log_path, suppressions, external_symbolizer_path,
// wait_graph) and the parser reads no include/include_if_exists file.
void TestOnlySetSecureExecution(bool secure);

// Unit tests and fuzzers only: empties the storage string values are copied
// into (fixed size, never freed at run time: flags are parsed once). Every
// string parsed before becomes invalid; the runtime's own flags() that point
// there are set back to their defaults. A fuzzer calls it per input, so a
// long run does not fill the storage; a single input too big for it still
// fails with the one-line "no room for the value of string flag" error.
//   Example: TestOnlyResetFlagStorage(); ParseFlagsString(&f, input, ...);
void TestOnlyResetFlagStorage();

}  // namespace __tlsan

#endif  // TLSAN_FLAGS_H

//===-- flags_fuzzer.cpp - libFuzzer target for the flag parser ----------===//
//
// Part of ThreadLeakSanitizer (tlsan). ctest: fuzz.flags (README.md).
//
// Feeds arbitrary bytes (as a NUL-terminated string) to
// __tlsan::ParseFlagsString, the parser of TLSAN_OPTIONS, of
// __tlsan_default_options() and of include= files. Built with
// -fsanitize=fuzzer,address,undefined from the parser's sources only
// (tlsan_flags.cpp, tlsan_internal.cpp, tlsan_syscall_linux.cpp), so
// memory errors and undefined behaviour abort. Besides that it checks:
//   * false always comes with a non-empty, NUL-terminated message;
//   * true leaves the message empty;
//   * what parses in ordinary execution also parses under secure execution
//     (AT_SECURE: includes are refused, which can only remove failures).
// String values are copied into the parser's storage, which is never freed
// at run time: each parse here starts from empty storage
// (TestOnlyResetFlagStorage), so a long run does not fill it; an input too
// big for it still fails with "no room" (counted and printed at exit).
// The test runs in tests/fuzz/inputs/, so include= may reach real files
// (small ones, and ones that include each other).
//
//===----------------------------------------------------------------------===//
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlsan_flags.h"

namespace {

// Counts inputs whose string values alone overflow the flags' storage.
unsigned long no_room;

void Check(bool ok, const char *error, size_t size, const char *what) {
  if (memchr(error, '\0', size) == nullptr) {
    fprintf(stderr, "flags_fuzzer: %s: error message not terminated\n", what);
    abort();
  }
  if (!ok && error[0] == '\0') {
    fprintf(stderr, "flags_fuzzer: %s: parse failed without a message\n",
            what);
    abort();
  }
  if (ok && error[0] != '\0') {
    fprintf(stderr, "flags_fuzzer: %s: parse succeeded with a message: %s\n",
            what, error);
    abort();
  }
  if (!ok && strstr(error, "no room for the value")) no_room++;
}

void PrintNoRoom() {
  if (no_room)
    fprintf(stderr, "flags_fuzzer: %lu input(s) failed with 'no room' (their "
                    "string values exceed the storage)\n", no_room);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  atexit(PrintNoRoom);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = (char *)malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  // A small error buffer too, to exercise truncation.
  char error[512], small[8];
  __tlsan::Flags f;

  f.SetDefaults();
  __tlsan::TestOnlyResetFlagStorage();
  __tlsan::TestOnlySetSecureExecution(false);
  bool ok = __tlsan::ParseFlagsString(&f, text, "FUZZ", error, sizeof(error));
  Check(ok, error, sizeof(error), "ordinary");

  f.SetDefaults();
  __tlsan::TestOnlyResetFlagStorage();
  bool ok_small =
      __tlsan::ParseFlagsString(&f, text, "FUZZ", small, sizeof(small));
  Check(ok_small, small, sizeof(small), "small buffer");

  f.SetDefaults();
  __tlsan::TestOnlyResetFlagStorage();
  __tlsan::TestOnlySetSecureExecution(true);
  bool ok_secure =
      __tlsan::ParseFlagsString(&f, text, "FUZZ", error, sizeof(error));
  Check(ok_secure, error, sizeof(error), "secure");
  // (Each parse starts from empty storage: no room is no excuse.)
  if (ok && !ok_secure) {
    fprintf(stderr, "flags_fuzzer: parses, but not under secure execution: "
                    "%s\n", error);
    abort();
  }
  free(text);
  return 0;
}

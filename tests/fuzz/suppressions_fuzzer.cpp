//===-- suppressions_fuzzer.cpp - libFuzzer target for suppressions ------===//
//
// Part of ThreadLeakSanitizer (tlsan). ctest: fuzz.suppressions (README.md).
//
// Feeds arbitrary bytes (as a NUL-terminated string) to
// __tlsan::ParseSuppressions, the parser of the `suppressions` file and of
// __tlsan_default_suppressions(), and each of its lines, as a pattern, to
// __tlsan::TemplateMatch and, as a demangled name and as a function
// pattern, to __tlsan::FunctionMatches (tlsan_name_match.h: the bracket
// and operator scanning of the ignores' matcher). Built with -fsanitize=fuzzer,address,undefined
// from the parser's sources only, so memory errors and undefined behaviour
// abort. Besides that it checks that false always comes with a non-empty,
// NUL-terminated message naming the source. The active set is reset before
// each input (TestOnlyResetSuppressions).
//
//===----------------------------------------------------------------------===//
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tlsan_name_match.h"
#include "tlsan_suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = (char *)malloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  char error[512];
  error[0] = '\0';
  __tlsan::TestOnlyResetSuppressions();
  bool ok = __tlsan::ParseSuppressions(text, "FUZZ", error, sizeof(error));
  if (memchr(error, '\0', sizeof(error)) == nullptr) {
    fprintf(stderr, "suppressions_fuzzer: error message not terminated\n");
    abort();
  }
  if (!ok && strncmp(error, "FUZZ:", 5) != 0) {
    fprintf(stderr, "suppressions_fuzzer: parse failed without a message "
                    "naming the source: '%s'\n", error);
    abort();
  }
  // Every line as a pattern, against a typical frame and against itself.
  for (char *line = text; *line;) {
    char *end = strchr(line, '\n');
    if (end) *end = '\0';
    __tlsan::TemplateMatch(line, "std::thread::_M_start_thread(...)");
    __tlsan::TemplateMatch("^io-*$", line);
    __tlsan::TemplateMatch(line, line);
    // Without the NUL: the matcher reads (pointer, length) only.
    size_t n = strlen(line);
    char *copy = (char *)malloc(n ? n : 1);
    memcpy(copy, line, n);
    static const char kFrame[] =
        "void std::condition_variable::wait<Poller::loop()::'lambda'()>("
        "std::unique_lock<std::mutex>&, Poller::loop()::'lambda'())";
    __tlsan::FunctionMatches(copy, n, "Poller::loop", 12);
    __tlsan::FunctionMatches(kFrame, sizeof(kFrame) - 1, copy, n);
    __tlsan::FunctionMatches(copy, n, copy, n);
    __tlsan::SplitFunctionName(copy, n);
    free(copy);
    if (!end) break;
    line = end + 1;
  }
  free(text);
  return 0;
}

// C: getaddrinfo_a starts a helper thread inside glibc (no pthread_create
// tlsan sees). It serves the lookup, then waits for more requests on a
// condition variable in libc's data, with a 1 s timeout, and exits: the
// program has nothing to join. tlsan's built-in filters recognize it (a
// timed futex wait on a word inside libc): status 0. With the built-in
// filters off, and re-checks that give it time to reach its wait but end
// well before its idle second (16 of them, 65 ms in all), it is reported
// as what it is: a thread of unknown origin.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --check-prefix=FILTERED
// RUN: env TLSAN_OPTIONS=builtin_filters=0:max_retries=16 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=UNFILTERED
// FILTERED: getaddrinfo_a: 0, result 0
// FILTERED-NOT: ThreadLeakSanitizer
// UNFILTERED: getaddrinfo_a: 0, result 0
// UNFILTERED: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// UNFILTERED: (tid={{[0-9]+}}, blocked in futex), of unknown origin
#define _GNU_SOURCE
#include <netdb.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  struct gaicb req, *list[1] = {&req};
  memset(&req, 0, sizeof(req));
  req.ar_name = "localhost";
  int rc = getaddrinfo_a(GAI_WAIT, list, 1, NULL);
  fprintf(stderr, "getaddrinfo_a: %d, result %d\n", rc, gai_error(&req));
  if (req.ar_result) freeaddrinfo(req.ar_result);
  return 0;
}

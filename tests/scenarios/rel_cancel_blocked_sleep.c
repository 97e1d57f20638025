// C: a thread cancelled while asleep in nanosleep or clock_nanosleep (for a
// year) or usleep (in a loop), one call per run, then joined: it ends with
// PTHREAD_CANCELED, nothing leaks, status 0.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t nanosleep 2>&1 | %FileCheck %s -DCALL=nanosleep --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t clock_nanosleep 2>&1 | %FileCheck %s -DCALL=clock_nanosleep --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t usleep 2>&1 | %FileCheck %s -DCALL=usleep --implicit-check-not=ThreadLeakSanitizer
// CHECK: [[CALL]]: cancelled
#define _GNU_SOURCE
#include "Inputs/cancel_blocked.h"
#include <string.h>
#include <time.h>

static void block_in(const char *call) {
  struct timespec year = {365 * 86400, 0};
  if (!strcmp(call, "nanosleep")) nanosleep(&year, 0);
  if (!strcmp(call, "clock_nanosleep")) clock_nanosleep(CLOCK_MONOTONIC, 0, &year, 0);
  if (!strcmp(call, "usleep"))
    for (;;) usleep(999999);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  cancel_blocked(argv[1]);
}

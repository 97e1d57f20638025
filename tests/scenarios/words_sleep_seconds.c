// C: an unjoined thread in sleep(1000): the report says it is sleeping and
// for how long it asked, and the JSON object is that duration in ms; the
// main thread waits until /proc shows the thread asleep; exit 23.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "sleep" and b["call"] == "sleep" and b["object"] == hex(1000 * 1000)'
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>

#include "Inputs/proc_wait.h"

static volatile int sleeper_tid;

static void *sleeper(void *arg) {
  sleeper_tid = gettid();
  sleep(1000);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, sleeper, 0);
  wait_asleep(wait_for_tid(&sleeper_tid));
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sleep), created by main thread at:
// CHECK: Blocked in sleep, sleeping (asked for 1000 s), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

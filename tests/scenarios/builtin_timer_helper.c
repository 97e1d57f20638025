// glibc's timer_create(SIGEV_THREAD) helper thread, started inside libc and
// never joined, is not the program's leak (builtin_filters=1, the default);
// with builtin_filters=0 it is reported as a thread of unknown origin.
// RUN: %clang_tlsan %s -o %t -lrt
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=RAW
#include <signal.h>
#include <string.h>
#include <time.h>

static void tick(union sigval v) { (void)v; }

int main(void) {
  struct sigevent ev;
  timer_t timer;
  memset(&ev, 0, sizeof(ev));
  ev.sigev_notify = SIGEV_THREAD;
  ev.sigev_notify_function = tick;
  if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0) return 2;
  timer_delete(timer);
  return 0;
}
// CHECK-NOT: ThreadLeakSanitizer
// RAW: of unknown origin
// RAW: Waiting in system call rt_sigtimedwait

// Bad values of the deadlock and hang flags: one clear error line each and
// status 1, before the program runs.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=0 %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=ZERO
// RUN: env TLSAN_OPTIONS=deadlock_check_ms=-5 %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=NEG
// RUN: env TLSAN_OPTIONS=deadlock_action=explode %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=ACTION
// RUN: env TLSAN_OPTIONS=hang_timeout_ms=-1 %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=HANG
// RUN: env TLSAN_OPTIONS=dump_signal=99 %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=SIG
// RUN: env TLSAN_OPTIONS=dump_signal=9 %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=KILL
// RUN: env TLSAN_OPTIONS=help=1 %expect_exit 0 %t 2>&1 | %FileCheck %s --check-prefix=HELP
#include <stdio.h>

int main(void) {
  puts("program ran");
  return 0;
}
// ZERO: ERROR: ThreadLeakSanitizer: invalid value for int flag 'deadlock_check_ms' in TLSAN_OPTIONS: '0' (expected an integer from 1 to 2147483647)
// ZERO-NOT: program ran
// NEG: ERROR: ThreadLeakSanitizer: invalid value for int flag 'deadlock_check_ms' in TLSAN_OPTIONS: '-5'
// ACTION: ERROR: ThreadLeakSanitizer: invalid value for flag 'deadlock_action' in TLSAN_OPTIONS: 'explode' (expected one of: abort, report)
// HANG: ERROR: ThreadLeakSanitizer: invalid value for int flag 'hang_timeout_ms' in TLSAN_OPTIONS: '-1'
// SIG: ERROR: ThreadLeakSanitizer: invalid value for int flag 'dump_signal' in TLSAN_OPTIONS: '99' (expected an integer from 0 to 64)
// KILL: ERROR: ThreadLeakSanitizer: dump_signal=9: cannot handle this signal (SIGKILL, SIGSTOP and the signals glibc reserves cannot be caught)
// KILL-NOT: program ran
// HELP: detect_deadlocks
// HELP: deadlock_check_ms
// HELP: deadlock_action
// HELP: hang_timeout_ms
// HELP: dump_signal
// HELP: program ran

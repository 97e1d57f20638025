// TLSAN_OPTIONS: help=1 lists the flags; a malformed value is one error
// line and status 1; an unknown flag is a warning (naming the
// flag a misspelling is close to) and the run goes on;
// log_path=P writes P.<pid>; detect_leaks=0 turns everything off.
// RUN: %clangxx_tlsan %S/Inputs/one_leaked_thread.cpp -o %t
// RUN: env TLSAN_OPTIONS=help=1 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=HELP
// RUN: env TLSAN_OPTIONS=exitcode=abc %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=BAD
// RUN: env TLSAN_OPTIONS=no_such_flag=1:max_retries=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=UNKNOWN
// RUN: env TLSAN_OPTIONS=max_retires=0:symbolise=1 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=TYPO
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env TLSAN_OPTIONS=max_retries=0:log_path=%t.dir/report %expect_exit 23 %t
// RUN: cat %t.dir/report.* | %FileCheck %s --check-prefix=FILE
// RUN: env TLSAN_OPTIONS=detect_leaks=0 %expect_exit 0 %t 2>&1 | %FileCheck %s --check-prefix=OFF --allow-empty
// HELP: Available flags for ThreadLeakSanitizer:
// HELP: max_retries
// HELP: external_symbolizer_path
// BAD: ERROR: ThreadLeakSanitizer: invalid value for int flag 'exitcode' in TLSAN_OPTIONS: 'abc'
// BAD-NOT: leaked
// UNKNOWN: WARNING: ThreadLeakSanitizer: found 1 unrecognized flag(s):
// UNKNOWN: no_such_flag{{$}}
// TYPO: WARNING: ThreadLeakSanitizer: found 2 unrecognized flag(s):
// TYPO-NEXT: max_retires (did you mean 'max_retries'?)
// TYPO-NEXT: symbolise (did you mean 'symbolize'?)
// UNKNOWN: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// FILE: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// OFF-NOT: ThreadLeakSanitizer

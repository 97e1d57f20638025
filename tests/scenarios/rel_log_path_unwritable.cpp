// log_path=P where P.<pid> cannot be created (a missing directory; a path
// through a regular file): the whole report still reaches the user, on
// stderr, after one line saying why; the exit status stays 23.
// RUN: %clangxx_tlsan %S/Inputs/one_leaked_thread.cpp -o %t
// RUN: rm -rf %t.missing && echo > %t.file
// RUN: env TLSAN_OPTIONS=log_path=%t.missing/report %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefixes=CHECK,MISSING
// RUN: env TLSAN_OPTIONS=log_path=%t.file/report %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefixes=CHECK,NOTDIR
// RUN: test ! -e %t.missing
// MISSING: WARNING: ThreadLeakSanitizer: cannot write report to '{{.*}}.missing/report.{{[0-9]+}}' (No such file or directory); writing it to stderr
// NOTDIR: WARNING: ThreadLeakSanitizer: cannot write report to '{{.*}}.file/report.{{[0-9]+}}' (Not a directory); writing it to stderr
// CHECK-NEXT: =================================================================
// CHECK-NEXT: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

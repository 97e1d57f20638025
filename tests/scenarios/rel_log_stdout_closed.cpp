// log_path=stdout with stdout closed: the report falls back to stderr,
// after a line saying why. The runtime's own descriptors (the symbolizer's
// socket, /proc files) are kept above 2, so none of them becomes fd 1 and
// takes the report.
// RUN: %clangxx_tlsan %S/Inputs/one_leaked_thread.cpp -o %t
// RUN: env TLSAN_OPTIONS=log_path=stdout %expect_exit 23 sh -c 'exec >&-; exec %t' 2>&1 | %FileCheck %s
// CHECK: WARNING: ThreadLeakSanitizer: cannot write report to 'stdout' (Bad file descriptor); writing it to stderr
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)

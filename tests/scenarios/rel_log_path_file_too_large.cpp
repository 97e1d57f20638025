// log_path=P under a file size limit (ulimit -f 1: 512 bytes, less than a
// report; like a quota or a full disk): the write fails part-way, the file
// is cut back (a report is written whole or not at all), the report goes to
// stderr after a line saying why, and the status stays 23. SIGXFSZ does
// not kill the process: the sink blocks it around its write (which then
// fails with EFBIG) and discards the one the kernel raised.
// RUN: %clangxx_tlsan %S/Inputs/one_leaked_thread.cpp -o %t
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: env TLSAN_OPTIONS=log_path=%t.dir/report %expect_exit 23 sh -c 'ulimit -f 1; exec %t' 2>&1 | %FileCheck %s
// RUN: cat %t.dir/report.* | %FileCheck %s --check-prefix=FILE --allow-empty
// CHECK: WARNING: ThreadLeakSanitizer: cannot write report to '{{.*}}/report.{{[0-9]+}}' (File too large); writing it to stderr
// CHECK-NEXT: =================================================================
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// FILE-NOT: {{.}}

// Real program, no rebuild: Debian's pigz under LD_PRELOAD=libtlsan.so,
// compressing a generated 8 MB file with 2 threads (pigz -p 2).
// pigz 2.6: joins its compression threads (yarn's join_all) before exit, so tlsan reports nothing, the status stays 0, no report file is
// written, and the output is byte-identical to the plain run's.
// RUN: seq 1 1200000 > %t.in
// RUN: pigz -p 2 -c < %t.in > %t.plain
// RUN: rm -f %t.log.*
// RUN: env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 0 pigz -p 2 -c < %t.in > %t.tlsan
// RUN: cmp %t.plain %t.tlsan
// RUN: not ls %t.log.*
// RUN: env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=verbosity=1 %expect_exit 0 pigz -p 2 -c < %t.in 2>&1 >/dev/null | %FileCheck %s
// CHECK: ThreadLeakSanitizer: initialized
// CHECK: ThreadLeakSanitizer: leak check done: 0 leaked thread(s)
int main(void) { return 0; }

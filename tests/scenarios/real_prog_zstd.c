// Real program, no rebuild: Debian's zstd 1.5.4 under LD_PRELOAD=libtlsan.so,
// compressing a generated 3 MB file (seq 1 450000) with 2 threads
// (zstd -T2 -q -B1MiB: 1 MiB jobs; the default job at level 3 is 8 MiB, so
// without -B a file this small would be one job for one worker).
// ZSTDMT_freeCCtx joins the pool (POOL_free) before exit, so tlsan reports
// nothing, the status stays 0, no report file is written, and the output is
// byte-identical to the plain run's.
// verbosity=1 proves that tlsan was loaded into the program and ran its
// exit check (those lines go to stderr, never to log_path). LD_PRELOAD is
// set inside %expect_exit, so that only the program, not the wrapper,
// loads tlsan and writes them. The 100 MB runs, plain against LD_PRELOAD,
// are scripts/real-overhead.sh's.
// RUN: seq 1 450000 > %t.in
// RUN: zstd -T2 -q -B1MiB -c < %t.in > %t.plain
// RUN: rm -f %t.log.*
// RUN: %expect_exit 0 env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=report_format=json:log_path=%t.log:verbosity=1 zstd -T2 -q -B1MiB -c < %t.in > %t.tlsan 2> %t.err
// RUN: cmp %t.plain %t.tlsan
// RUN: not ls %t.log.*
// RUN: %FileCheck %s < %t.err
// CHECK: ThreadLeakSanitizer: initialized
// CHECK: ThreadLeakSanitizer: leak check done: 0 leaked thread(s)
int main(void) { return 0; }

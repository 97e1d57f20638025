// Real program, no rebuild: Debian's xz 5.4.1 under LD_PRELOAD=libtlsan.so,
// compressing a generated 3 MB file (seq 1 450000) with 2 threads
// (xz -T2 -1 --block-size=1MiB: 3 blocks, so both encoder threads start and
// work; with -1's default 3 MiB blocks a file this small would be one block
// for one thread). The 100 MB runs are scripts/real-overhead.sh's.
// xz's main() frees its coder (lzma_end) only in debug builds
// (`#ifndef NDEBUG coder_free()` in src/xz/main.c): a release xz exits with
// liblzma's multithreaded encoder alive. Its 2 worker threads are really
// left behind, waiting for work in pthread_cond_wait, created under
// lzma_code (liblzma's worker_start/initialize_new_thread are static, so the
// first frame has no name). tlsan reports them (true positive, benign: the
// process is exiting) and sets status 23; the output is unchanged.
// RUN: seq 1 450000 > %t.in
// RUN: xz -T2 -1 --block-size=1MiB -c < %t.in > %t.plain
// RUN: rm -f %t.log.*
// RUN: %expect_exit 23 env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=report_format=json:log_path=%t.log xz -T2 -1 --block-size=1MiB -c < %t.in > %t.tlsan
// RUN: cmp %t.plain %t.tlsan
// RUN: %json %t.log 'len(leaks) == 2 and all(l["state"] == "blocked" and l["blocked_on"]["call"] == "pthread_cond_wait" and not l["detached"] and l["creation_stack"][0]["module"].endswith("liblzma.so.5") and any(f["function"] == "lzma_code" for f in l["creation_stack"]) for l in leaks)'
// xz closes stderr before exiting (tuklib_exit -> fclose(stderr)): the text
// report still reaches the stderr xz started with, through the duplicate
// tlsan keeps from start-up (docs/real-world.md, finding 1).
// RUN: %expect_exit 23 env LD_PRELOAD=%libtlsan xz -T2 -1 --block-size=1MiB -c < %t.in > /dev/null 2> %t.err
// RUN: %FileCheck %s < %t.err
// Suppressed by module, the status is xz's own again.
// RUN: echo "thread:liblzma.so" > %t.supp
// RUN: %expect_exit 0 env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=suppressions=%t.supp xz -T2 -1 --block-size=1MiB -c < %t.in > %t.supp.out
// RUN: cmp %t.plain %t.supp.out
// CHECK: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// CHECK: Thread T{{[12]}} (tid={{[0-9]+}}, blocked in pthread_cond_wait), created by main thread at:
// CHECK: in lzma_code (/lib/x86_64-linux-gnu/liblzma.so.5
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 2 blocked, 0 running, 0 finished.
int main(void) { return 0; }

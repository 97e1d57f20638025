// Real library: libuv 1.44 (Debian's libuv1-dev) from C, with tlsan loaded by
// LD_PRELOAD into a binary built without it (pthreads, no rebuild).
// - pool: uv_queue_work starts libuv's threadpool (4 threads, UV_THREADPOOL_SIZE)
//   and never stops it while the program runs: a check in the middle of the
//   program sees the 4 workers blocked in pthread_cond_wait (uv_cond_wait in
//   libuv's worker()). At exit, libuv's own ELF destructor
//   uv_library_shutdown() -> uv__threadpool_cleanup() posts the exit message
//   and joins every worker; tlsan's verdict comes after library destructors,
//   so the exit check is clean. Right: libuv does join them.
// - leak: the classic mistake, uv_thread_create without uv_thread_join: the
//   thread waits forever in uv_sem_wait (sem_wait) and is reported.
// RUN: %clang %s -luv -ldl -o %t
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t pool 2>&1 | %FileCheck %s --check-prefix=POOL
// RUN: %expect_exit 0 %t pool
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 23 %t leak 2>&1 | %FileCheck %s --check-prefix=LEAK
// RUN: rm -f %t.log.*
// RUN: env LD_PRELOAD=%libtlsan TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t leak
// RUN: %json %t.log 'len(leaks) == 1 and leaks[0]["blocked_on"]["kind"] == "semaphore" and leaks[0]["blocked_on"]["call"] == "sem_wait" and any(f["function"] == "uv_thread_create" for f in leaks[0]["creation_stack"]) and any(f["function"] == "start_waiter" for f in leaks[0]["creation_stack"])'
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static int done;
static uv_sem_t never;

static void work(uv_work_t *w) { (void)w; }
static void after(uv_work_t *w, int status) { (void)w; (void)status; ++done; }
static void waiter(void *arg) { (void)arg; uv_sem_wait(&never); }

__attribute__((noinline)) static void start_waiter(void) {
  static uv_thread_t t;
  uv_sem_init(&never, 0);
  if (uv_thread_create(&t, waiter, NULL) != 0) /* never joined */
    abort();  /* (and no tail call: start_waiter stays on the stack) */
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "leak")) {
    start_waiter();
    return 0;
  }
  uv_loop_t *loop = uv_default_loop();
  uv_work_t w[4];
  for (int i = 0; i < 4; ++i) uv_queue_work(loop, &w[i], work, after);
  uv_run(loop, UV_RUN_DEFAULT);
  printf("done %d\n", done);
  fflush(stdout);
  /* Present only when libtlsan.so is preloaded. */
  int (*check)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "__tlsan_do_recoverable_leak_check");
  if (check) printf("mid-run check: %d\n", check());
  uv_loop_close(loop);
  return 0;
}
// POOL: done 4
// POOL: ERROR: ThreadLeakSanitizer: 4 thread(s) leaked
// POOL: Thread T{{[0-9]}} (tid={{[0-9]+}}, blocked in pthread_cond_wait), created by main thread at:
// POOL: in uv_thread_create_ex
// POOL: in uv_queue_work
// POOL: in main {{.*}}real_uv_threadpool.c
// POOL: And 3 more similar thread leaks
// POOL: mid-run check: 4
// POOL-NOT: ThreadLeakSanitizer
// LEAK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// LEAK: Thread T1 (tid={{[0-9]+}}, blocked in sem_wait), created by main thread at:
// LEAK: in uv_thread_create
// LEAK: in start_waiter {{.*}}real_uv_threadpool.c
// LEAK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

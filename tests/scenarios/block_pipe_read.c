// C: an unjoined thread blocked reading a pipe nobody writes to: blocked in
// read on the pipe's descriptor (fd 42 = 0x2a); exit 23. The same through
// LD_PRELOAD on a build without tlsan.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "read" and b["object"] == "0x2a"'
// RUN: %clang %s -o %t.plain
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 23 %t.plain 2>&1 | %FileCheck %s
// RUN: %expect_exit 0 %t.plain
#include <pthread.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *reader(void *arg) {
  char c;
  pthread_barrier_wait(&started);
  read(42, &c, 1);  /* nobody ever writes */
  return arg;
}

int main(void) {
  int fds[2];
  pthread_t t;
  pipe(fds);
  dup2(fds[0], 42);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, reader, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in read), created by main thread at:
// CHECK: in main {{.*}}block_pipe_read.c:[[@LINE-5]]
// CHECK: Blocked in read on fd 42 (pipe), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.

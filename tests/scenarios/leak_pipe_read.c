// C: an unjoined pthread blocked reading a pipe nobody writes to.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'leaks[0]["blocked_on"]["kind"] == "io" and leaks[0]["blocked_on"]["call"] == "read" and not leaks[0]["detached"]'
#include <pthread.h>
#include <unistd.h>

static int fds[2];
static pthread_barrier_t ready;

static void *reader(void *arg) {
  char c;
  pthread_barrier_wait(&ready);
  read(fds[0], &c, 1);
  return arg;
}

int main(void) {
  pthread_t t;
  pipe(fds);
  pthread_barrier_init(&ready, 0, 2);
  pthread_create(&t, 0, reader, 0);
  pthread_barrier_wait(&ready);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in read), created by main thread at:
// CHECK: in main {{.*}}leak_pipe_read.c:{{[0-9]+}}
// CHECK: Blocked in read on fd 3 (pipe), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

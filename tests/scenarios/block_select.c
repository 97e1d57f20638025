// C: a thread in select on two pipes (fds 40 and 43) that nobody writes to,
// with no timeout: blocked in select on the lowest descriptor of its sets
// (0x28), 2 descriptors in all, read from select's arguments at the check.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "select" and b["object"] == "0x28" and b["fd_count"] == 2'
#include <pthread.h>
#include <sys/select.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *selector(void *arg) {
  fd_set readable, errors;
  FD_ZERO(&readable);
  FD_ZERO(&errors);
  FD_SET(43, &readable);
  FD_SET(40, &errors);
  FD_SET(43, &errors);  /* in two sets: counted once */
  pthread_barrier_wait(&started);
  select(44, &readable, 0, &errors, 0);  /* nothing ever arrives */
  return arg;
}

int main(void) {
  pthread_t t;
  int a[2], b[2];
  pipe(a);
  pipe(b);
  dup2(a[0], 40);
  dup2(b[0], 43);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, selector, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in select), created by main thread at:
// CHECK: Blocked in select on fd 40 (pipe), first of 2 fds, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

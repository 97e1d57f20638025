// C: a thread polling a pipe for input that never comes, with no timeout:
// blocked in poll; the object is 0 (tlsan does not read the pollfd array:
// that could turn poll's EFAULT into a crash).
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "poll" and b["object"] == "0x0"'
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

static int fds[2];
static pthread_barrier_t started;

static void *poller(void *arg) {
  struct pollfd p = {.fd = fds[0], .events = POLLIN};
  pthread_barrier_wait(&started);
  poll(&p, 1, -1);  /* nobody ever writes */
  return arg;
}

int main(void) {
  pthread_t t;
  pipe(fds);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, poller, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in poll), created by main thread at:
// CHECK: Blocked in poll on io 0x0, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

// C: a thread polling a pipe for input that never comes, with no timeout:
// blocked in poll. The report names the first descriptor it waits on (fd 40
// = 0x28; entries with fd < 0 are skipped, as poll skips them) and how many
// there are, read from poll's arguments at the check (never by the
// interceptor: that could turn poll's EFAULT into a crash).
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "poll" and b["object"] == "0x28" and b["fd_count"] == 2'
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *poller(void *arg) {
  struct pollfd p[3] = {{.fd = -1}, {.fd = 40, .events = POLLIN},
                        {.fd = 41, .events = POLLIN}};
  pthread_barrier_wait(&started);
  poll(p, 3, -1);  /* nobody ever writes */
  return arg;
}

int main(void) {
  pthread_t t;
  int fds[2];
  pipe(fds);
  dup2(fds[0], 40);
  dup2(fds[0], 41);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, poller, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in poll), created by main thread at:
// CHECK: Blocked in poll on fd 40 (pipe), first of 2 fds, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

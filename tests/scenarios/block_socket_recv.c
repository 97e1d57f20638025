// C: a detached thread blocked in recv on one end of a socketpair whose
// other end never sends: blocked in recv on that socket (fd 42 = 0x2a).
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "recv" and b["object"] == "0x2a" and leaks[0]["detached"]'
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *receiver(void *arg) {
  char c;
  pthread_barrier_wait(&started);
  recv(42, &c, 1, 0);  /* the peer never sends */
  return arg;
}

int main(void) {
  int sv[2];
  pthread_t t;
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  dup2(sv[0], 42);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, receiver, 0);
  pthread_detach(t);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in recv), detached, created by main thread at:
// CHECK: Blocked in recv on fd 42 (socket), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

// C: a server thread blocked in accept on a listening TCP socket
// (127.0.0.1, any port) nobody connects to: blocked in accept on the
// listening socket (fd 42 = 0x2a).
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "accept" and b["object"] == "0x2a"'
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *server(void *arg) {
  pthread_barrier_wait(&started);
  accept(42, 0, 0);  /* nobody connects */
  return arg;
}

int main(void) {
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
  pthread_t t;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  dup2(socket(AF_INET, SOCK_STREAM, 0), 42);
  if (bind(42, (struct sockaddr *)&addr, sizeof(addr)) || listen(42, 1)) return 1;
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, server, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in accept), created by main thread at:
// CHECK: Blocked in accept on fd 42 (socket), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

// Real library from C with C11 threads: a thrd_t worker serving a ZeroMQ PULL
// socket (libzmq C API), built with tlsan-cc.
// - stop: main sends "stop", thrd_join()s the worker, closes the sockets and
//   terminates the context: clean.
// - leak: main returns with the worker still in zmq_recv: the worker (created
//   in start_worker by thrd_create; the creation stack starts at start_worker,
//   thrd_create itself is the intercepted call) is blocked in poll on its
//   socket's mailbox fd, the one fd libzmq's signaler_t::wait polls (named
//   in the report: object = that fd, fd_count = 1), plus the context's
//   ZMQbg threads.
// RUN: %clang_tlsan %s -lzmq -o %t
// RUN: %expect_exit 0 %t stop 2>&1 | %FileCheck %s --check-prefix=CLEAN
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t leak
// RUN: %json %t.log 'len(leaks) == 3 and len(by_name("ZMQbg/IO/0")) == 1 and len(by_name("ZMQbg/Reaper")) == 1'
// RUN: %json %t.log 'len(w := [l for l in leaks if any(f["function"] == "start_worker" for f in l["creation_stack"])]) == 1 and w[0]["blocked_on"]["kind"] == "io" and w[0]["blocked_on"]["call"] == "poll" and w[0]["blocked_on"]["object"] not in (None, "0x0") and w[0]["blocked_on"]["fd_count"] == 1'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <zmq.h>

static void *ctx;

static int worker(void *pull) {
  char buf[16];
  int n;
  while ((n = zmq_recv(pull, buf, sizeof buf - 1, 0)) >= 0) {
    buf[n] = 0;
    if (!strcmp(buf, "stop")) break;
  }
  return 0;
}

__attribute__((noinline)) static thrd_t start_worker(void *pull) {
  thrd_t t;
  if (thrd_create(&t, worker, pull) != thrd_success) abort();
  return t;
}

int main(int argc, char **argv) {
  int stop = argc > 1 && !strcmp(argv[1], "stop");
  ctx = zmq_ctx_new();
  void *pull = zmq_socket(ctx, ZMQ_PULL);
  zmq_bind(pull, "inproc://jobs");
  void *push = zmq_socket(ctx, ZMQ_PUSH);
  zmq_connect(push, "inproc://jobs");
  thrd_t t = start_worker(pull);
  zmq_send(push, "job", 3, 0);
  if (stop) {
    zmq_send(push, "stop", 4, 0);
    thrd_join(t, NULL);
    zmq_close(push);
    zmq_close(pull);
    zmq_ctx_term(ctx);
  }
  puts("bye");
  return 0;
}
// CLEAN: bye
// CLEAN-NOT: ThreadLeakSanitizer

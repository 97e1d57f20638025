// Real library: ZeroMQ (libzmq 4.3, Debian's libzmq3-dev), C API.
// A context starts its background threads lazily, on the first zmq_socket():
// one I/O thread 'ZMQbg/IO/0' and the reaper 'ZMQbg/Reaper', both looping in
// epoll_wait. zmq_ctx_term() stops and joins them: clean. A program that
// forgets zmq_close()/zmq_ctx_term() leaks both.
// Debian's libzmq.so.5 is stripped and built with -fvisibility=hidden, so the
// frames inside it (thread_t::start, ctx_t::start_thread, ctx_t::start,
// ctx_t::create_socket) have no symbol anywhere: they print as module+offset,
// and zmq_socket() itself is absent because it tail-jumps into
// ctx_t::create_socket. The creation stack still names the module and the
// caller's line (the zmq_socket call in main).
// RUN: %clangxx_tlsan %s -lzmq -o %t
// RUN: %expect_exit 0 %t term 2>&1 | %FileCheck %s --check-prefix=CLEAN
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log 'len(leaks) == 2 and all(len(by_name(n)) == 1 for n in ("ZMQbg/IO/0", "ZMQbg/Reaper"))'
// RUN: %json %t.log 'all(l["state"] == "blocked" and l["blocked_on"]["kind"] == "io" and l["blocked_on"]["call"] == "epoll_wait" and not l["foreign"] and not l["detached"] for l in leaks)'
// RUN: %json %t.log 'all(l["creation_stack"][0]["module"].endswith("libzmq.so.5") and any(f["function"] == "main" and f["line"] == 31 for f in l["creation_stack"]) for l in leaks)'
// RUN: %json %t.log 'all(any(f["module"].endswith("libzmq.so.5") for f in l["stack"]) for l in leaks)'
// Suppressing by module works without symbols.
// RUN: echo "thread:libzmq.so" > %t.supp
// RUN: env TLSAN_OPTIONS=suppressions=%t.supp %expect_exit 0 %t 2>&1 | %FileCheck %s --check-prefix=SUPP
#include <zmq.h>
#include <cstdio>
#include <cstring>

int main(int argc, char **argv) {
  bool term = argc > 1 && !strcmp(argv[1], "term");
  void *ctx = zmq_ctx_new();
  void *pull = zmq_socket(ctx, ZMQ_PULL);  // line 31: starts IO + reaper threads
  zmq_bind(pull, "inproc://jobs");
  void *push = zmq_socket(ctx, ZMQ_PUSH);
  zmq_connect(push, "inproc://jobs");
  zmq_send(push, "job", 3, 0);
  char buf[8];
  printf("got %d\n", zmq_recv(pull, buf, sizeof buf, 0));
  if (term) {
    zmq_close(push);
    zmq_close(pull);
    zmq_ctx_term(ctx);
  }
  return 0;
}
// CLEAN: got 3
// CLEAN-NOT: ThreadLeakSanitizer
// CHECK: got 3
// CHECK: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// CHECK-DAG: Thread T{{[0-9]+}} 'ZMQbg/Reaper' (tid={{[0-9]+}}, blocked in epoll_wait), created by main thread at:
// CHECK-DAG: Thread T{{[0-9]+}} 'ZMQbg/IO/0' (tid={{[0-9]+}}, blocked in epoll_wait), created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 2 blocked, 0 running, 0 finished.
// SUPP: got 3
// SUPP-NOT: ERROR: ThreadLeakSanitizer

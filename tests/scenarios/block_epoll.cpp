// An event loop thread in epoll_wait on an epoll instance (fd 42 = 0x2a)
// watching a pipe nobody writes to, never stopped: blocked in epoll_wait on
// the epoll descriptor.
// RUN: %clangxx_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "epoll_wait" and b["object"] == "0x2a" and leaks[0]["name"] == "loop"'
#include <latch>
#include <pthread.h>
#include <sys/epoll.h>
#include <thread>
#include <unistd.h>

std::latch started(1);

void start_event_loop() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "loop");
    epoll_event events[8];
    started.count_down();
    while (epoll_wait(42, events, 8, -1) >= 0) {}  // nothing ever arrives
  }).detach();
}

int main() {
  int fds[2];
  pipe(fds);
  dup2(epoll_create1(0), 42);
  epoll_event ev{.events = EPOLLIN, .data = {.fd = fds[0]}};
  epoll_ctl(42, EPOLL_CTL_ADD, fds[0], &ev);
  start_event_loop();
  started.wait();
  return 0;
}
// CHECK: Thread T1 'loop' (tid={{[0-9]+}}, blocked in epoll_wait), detached, created by main thread at:
// CHECK: in start_event_loop() {{.*}}block_epoll.cpp
// CHECK: Blocked in epoll_wait on fd 42 (epoll), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

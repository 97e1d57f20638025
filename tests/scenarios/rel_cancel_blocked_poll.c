// C: a thread cancelled while blocked in poll, ppoll, select, pselect or
// epoll_wait on an empty pipe with no timeout, one call per run, then
// joined: it ends with PTHREAD_CANCELED, nothing leaks, status 0.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t poll 2>&1 | %FileCheck %s -DCALL=poll --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t ppoll 2>&1 | %FileCheck %s -DCALL=ppoll --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t select 2>&1 | %FileCheck %s -DCALL=select --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t pselect 2>&1 | %FileCheck %s -DCALL=pselect --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t epoll_wait 2>&1 | %FileCheck %s -DCALL=epoll_wait --implicit-check-not=ThreadLeakSanitizer
// CHECK: [[CALL]]: cancelled
#define _GNU_SOURCE
#include "Inputs/cancel_blocked.h"
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>

static int fds[2], epoll_fd;

static void block_in(const char *call) {
  struct pollfd pfd = {fds[0], POLLIN, 0};
  struct epoll_event ev;
  fd_set set;
  FD_ZERO(&set);
  FD_SET(fds[0], &set);
  if (!strcmp(call, "poll")) poll(&pfd, 1, -1);
  if (!strcmp(call, "ppoll")) ppoll(&pfd, 1, 0, 0);
  if (!strcmp(call, "select")) select(fds[0] + 1, &set, 0, 0, 0);
  if (!strcmp(call, "pselect")) pselect(fds[0] + 1, &set, 0, 0, 0, 0);
  if (!strcmp(call, "epoll_wait")) epoll_wait(epoll_fd, &ev, 1, -1);
}

int main(int argc, char **argv) {
  struct epoll_event ev = {EPOLLIN, {0}};
  if (argc < 2 || pipe(fds) || (epoll_fd = epoll_create1(0)) < 0 ||
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fds[0], &ev))
    return 2;
  cancel_blocked(argv[1]);
}

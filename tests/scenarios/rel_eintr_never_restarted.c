// C: nanosleep, poll, epoll_wait (one per run) are never restarted after a
// handler, even with SA_RESTART (signal(7)): EINTR; tlsan changes nothing.
// RUN: %clang_tlsan %s -o %t && %clang %s -o %t.plain
// RUN: %expect_exit 0 %t nanosleep 2>&1 | %FileCheck %s -DCALL=nanosleep -DLEFT=1
// RUN: %expect_exit 0 %t.plain nanosleep 2>&1 | %FileCheck %s -DCALL=nanosleep -DLEFT=1
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain nanosleep 2>&1 | %FileCheck %s -DCALL=nanosleep -DLEFT=1
// RUN: %expect_exit 0 %t poll 2>&1 | %FileCheck %s -DCALL=poll -DLEFT=0
// RUN: %expect_exit 0 %t.plain poll 2>&1 | %FileCheck %s -DCALL=poll -DLEFT=0
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain poll 2>&1 | %FileCheck %s -DCALL=poll -DLEFT=0
// RUN: %expect_exit 0 %t epoll_wait 2>&1 | %FileCheck %s -DCALL=epoll_wait -DLEFT=0
// RUN: %expect_exit 0 %t.plain epoll_wait 2>&1 | %FileCheck %s -DCALL=epoll_wait -DLEFT=0
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain epoll_wait 2>&1 | %FileCheck %s -DCALL=epoll_wait -DLEFT=0
// CHECK: [[CALL]]: r=-1 EINTR left=[[LEFT]]
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
static volatile int tid;  /* the sleeper's */
static void on_signal(int sig) {}
static void *sleeper(void *call) {
  struct timespec left = {0, 0};
  int fds[2], ep = epoll_create1(0), r = (pipe(fds), tid = gettid(), -2);
  if (!strcmp(call, "nanosleep")) r = nanosleep(&(struct timespec){3600, 0}, &left);
  if (!strcmp(call, "poll")) r = poll(&(struct pollfd){.fd = fds[0], .events = POLLIN}, 1, -1);
  if (!strcmp(call, "epoll_wait")) r = epoll_wait(ep, &(struct epoll_event){0}, 1, -1);
  printf("%s: r=%d %s left=%d\n", (char *)call, r, errno == EINTR ? "EINTR" : "-", left.tv_sec > 3000);
  return call;
}
int main(int argc, char **argv) {
  pthread_t t;
  sigaction(SIGUSR1, &(struct sigaction){.sa_handler = on_signal, .sa_flags = SA_RESTART}, 0);
  pthread_create(&t, 0, sleeper, argc > 1 ? argv[1] : "");
  wait_asleep(wait_for_tid(&tid));  /* asleep in the call */
  pthread_kill(t, SIGUSR1), pthread_join(t, 0);
}

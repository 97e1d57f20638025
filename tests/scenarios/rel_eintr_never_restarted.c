// C: nanosleep, poll, epoll_wait are never restarted after a handler, even with
// SA_RESTART (signal(7)): EINTR, and the time left. Tlsan changes nothing.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: %clang %s -o %t.plain && %expect_exit 0 %t.plain 2>&1 | %FileCheck %s
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <unistd.h>
static volatile int tid;  /* the sleeper's */
static void on_signal(int sig) {}
static void *sleeper(void *arg) {
  struct timespec left = {0, 0};
  int fds[2], ep = epoll_create1(0), r = (pipe(fds), tid = gettid());
  if (arg == (void *)0) r = nanosleep(&(struct timespec){3600, 0}, &left);
  if (arg == (void *)1) r = poll(&(struct pollfd){.fd = fds[0], .events = POLLIN}, 1, -1);
  if (arg == (void *)2) r = epoll_wait(ep, &(struct epoll_event){0}, 1, -1);
  printf("%ld: r=%d %s left=%d\n", (long)arg, r, errno == EINTR ? "EINTR" : "-", left.tv_sec > 3000);
  return arg;
}
int main(void) {
  sigaction(SIGUSR1, &(struct sigaction){.sa_handler = on_signal, .sa_flags = SA_RESTART}, 0);
  for (long i = 0; i < 3; i++) {
    pthread_t t;
    pthread_create(&t, 0, sleeper, (void *)i);
    wait_asleep(wait_for_tid(&tid));  /* asleep in the call */
    pthread_kill(t, SIGUSR1), pthread_join(t, 0), tid = 0;
  }
}
// CHECK: 0: r=-1 EINTR left=1
// CHECK-NEXT: 1: r=-1 EINTR left=0
// CHECK-NEXT: 2: r=-1 EINTR left=0

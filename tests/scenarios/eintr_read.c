// C: SIGUSR1 hits a thread blocked in read(): without SA_RESTART read fails
// with EINTR; with it, read goes on and gets main's byte. Tlsan changes nothing.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: %clang %s -o %t.plain && %expect_exit 0 %t.plain 2>&1 | %FileCheck %s
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static volatile int tid, handled;
static void on_signal(int sig) { handled = 1; }
static void *reader(void *arg) {
  tid = gettid();
  long n = read(fds[0], &(char){0}, 1);  /* until a signal or a byte */
  printf("read=%ld errno=%s\n", n, n < 0 && errno == EINTR ? "EINTR" : "-");
  return arg;
}
int main(void) {
  for (int restart = 0; restart <= 1; restart++) {
    struct sigaction sa = {.sa_handler = on_signal, .sa_flags = restart ? SA_RESTART : 0};
    pthread_t t;
    sigaction(SIGUSR1, &sa, 0), pipe(fds), tid = handled = 0;
    pthread_create(&t, 0, reader, 0);
    wait_asleep(wait_for_tid(&tid));  /* asleep inside read() */
    pthread_kill(t, SIGUSR1);
    while (!handled) sched_yield();
    if (restart) write(fds[1], "x", 1);  /* read went on: it gets the byte */
    pthread_join(t, 0);
  }
}
// CHECK: read=-1 errno=EINTR
// CHECK-NEXT: read=1 errno=-

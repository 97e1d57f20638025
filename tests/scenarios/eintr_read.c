// C: SIGUSR1 hits a thread blocked in read(): without SA_RESTART ("plain")
// read fails with EINTR; with it ("restart") read goes on and gets main's
// byte. Tlsan changes nothing: the same under tlsan, without it, preloaded.
// RUN: %clang_tlsan %s -o %t && %clang %s -o %t.plain
// RUN: %expect_exit 0 %t plain 2>&1 | %FileCheck %s --check-prefix=EINTR
// RUN: %expect_exit 0 %t.plain plain 2>&1 | %FileCheck %s --check-prefix=EINTR
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain plain 2>&1 | %FileCheck %s --check-prefix=EINTR
// RUN: %expect_exit 0 %t restart 2>&1 | %FileCheck %s --check-prefix=RESTART
// RUN: %expect_exit 0 %t.plain restart 2>&1 | %FileCheck %s --check-prefix=RESTART
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t.plain restart 2>&1 | %FileCheck %s --check-prefix=RESTART
// EINTR: read=-1 errno=EINTR
// RESTART: read=1 errno=-
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
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
int main(int argc, char **argv) {
  int restart = argc > 1 && strcmp(argv[1], "restart") == 0;
  struct sigaction sa = {.sa_handler = on_signal, .sa_flags = restart ? SA_RESTART : 0};
  pthread_t t;
  sigaction(SIGUSR1, &sa, 0), pipe(fds);
  pthread_create(&t, 0, reader, 0);
  wait_asleep(wait_for_tid(&tid));  /* asleep inside read() */
  pthread_kill(t, SIGUSR1);
  while (!handled) sched_yield();
  if (restart) write(fds[1], "x", 1);  /* read went on: it gets the byte */
  pthread_join(t, 0);
}

// C: a thread cancelled while it waits for an event that never comes, one
// call per run: sem_wait (a semaphore nobody posts), sigwait (SIGUSR2,
// blocked and never sent), pause or sigsuspend (no signal sent); then
// joined: it ends with PTHREAD_CANCELED, nothing leaks, status 0.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t sem_wait 2>&1 | %FileCheck %s -DCALL=sem_wait --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t sigwait 2>&1 | %FileCheck %s -DCALL=sigwait --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t pause 2>&1 | %FileCheck %s -DCALL=pause --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t sigsuspend 2>&1 | %FileCheck %s -DCALL=sigsuspend --implicit-check-not=ThreadLeakSanitizer
// CHECK: [[CALL]]: cancelled
#define _GNU_SOURCE
#include "Inputs/cancel_blocked.h"
#include <semaphore.h>
#include <signal.h>
#include <string.h>

static sem_t never;
static sigset_t usr2, none;

static void block_in(const char *call) {
  int sig;
  if (!strcmp(call, "sem_wait")) sem_wait(&never);
  if (!strcmp(call, "sigwait")) sigwait(&usr2, &sig);
  if (!strcmp(call, "pause")) pause();
  if (!strcmp(call, "sigsuspend")) sigsuspend(&none);
}

int main(int argc, char **argv) {
  sigemptyset(&none), sigemptyset(&usr2), sigaddset(&usr2, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &usr2, 0);  // inherited: for sigwait
  if (argc < 2 || sem_init(&never, 0, 0)) return 2;
  cancel_blocked(argv[1]);
}

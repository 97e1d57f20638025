// C: a thread recurses until its stack overflows; its SIGSEGV handler runs on
// an alternate signal stack (sigaltstack) and siglongjmps back; the thread
// returns. Never joined, it is reported finished; tlsan does not crash.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static __thread sigjmp_buf recover;
static sem_t recovered;
static void on_segv(int sig) { siglongjmp(recover, 1); }
__attribute__((noinline)) static long recurse(long depth) {
  volatile char frame[256];
  frame[0] = (char)depth;
  return recurse(depth + 1) + frame[0];  /* not a tail call */
}

static void *overflow(void *arg) {
  stack_t alt = {.ss_sp = malloc(SIGSTKSZ * 4), .ss_size = SIGSTKSZ * 4};
  sigaltstack(&alt, 0);
  if (sigsetjmp(recover, 1) == 0) recurse(0);
  fprintf(stderr, "recovered from the overflow\n");
  sem_post(&recovered);
  return arg;
}

int main(void) {
  pthread_t t;
  sigaction(SIGSEGV, &(struct sigaction){.sa_handler = on_segv, .sa_flags = SA_ONSTACK}, 0);
  sem_init(&recovered, 0, 0);
  pthread_create(&t, 0, overflow, 0);
  sem_wait(&recovered);
  return 0;
}
// CHECK: recovered from the overflow
// CHECK: Thread T1 (tid={{[0-9]+}}, finished, not joined), created by main thread at:
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 0 blocked, 0 running, 1 finished.

// C: a signal-handling thread waiting in sigwait for SIGUSR2 (blocked in
// every thread) that nobody sends: blocked in sigwait, kind signal.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "signal" and b["call"] == "sigwait" and b["object"] == "0x0"'
#include <pthread.h>
#include <signal.h>

static sigset_t set;
static pthread_barrier_t started;

static void *signal_thread(void *arg) {
  int sig;
  pthread_barrier_wait(&started);
  sigwait(&set, &sig);  /* SIGUSR2 never comes */
  return arg;
}

int main(void) {
  pthread_t t;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &set, 0);  /* inherited by the thread */
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, signal_thread, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in sigwait), created by main thread at:
// CHECK: Blocked in sigwait on signal 0x0, for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

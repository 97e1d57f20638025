// deadlock_action=report: the cycle is reported once, and the program goes
// on. Here main reads the report (stderr is a pipe), then breaks the cycle
// by unlocking both default mutexes; the threads finish; exit status 0.
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=deadlock_action=report:deadlock_check_ms=100 %expect_exit 0 %t | %FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold;

static void *take(void *arg) {
  pthread_mutex_lock(arg);
  pthread_barrier_wait(&both_hold);
  pthread_mutex_lock(arg == &a ? &b : &a); /* until main unlocks it */
  return 0;
}

int main(void) {
  static char report[1 << 16];
  int p[2], saved = dup(2), n = 0, r;
  pipe(p);
  dup2(p[1], 2);
  pthread_t t1, t2;
  pthread_barrier_init(&both_hold, 0, 2);
  pthread_create(&t1, 0, take, &a);
  pthread_create(&t2, 0, take, &b);
  while (!strstr(report, "SUMMARY") && (r = read(p[0], report + n, sizeof(report) - 1 - n)) > 0) n += r;
  pthread_mutex_unlock(&a), pthread_mutex_unlock(&b); /* default mutexes */
  pthread_join(t1, 0), pthread_join(t2, 0);
  dup2(saved, 2), close(p[1]);
  while ((r = read(p[0], report + n, sizeof(report) - 1 - n)) > 0) n += r;
  printf("%s\nprogram went on\n", report);
  return 0;
}
// CHECK-COUNT-1: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): T1 -> mutex 0x{{[0-9a-f]+}} ('b') held by T2 -> mutex 0x{{[0-9a-f]+}} ('a') held by T1
// CHECK-NOT: ERROR: ThreadLeakSanitizer
// CHECK: program went on

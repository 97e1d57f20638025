// verbosity=1: at exit, what the leak checks cost (checks, scoped ones,
// re-checked ones, time waiting). One on-demand check finds a blocked
// thread and re-checks it max_retries times; a scoped check finds nothing;
// the exit check finds nothing (the thread was released and joined).
// RUN: %clang_tlsan %s -o %t
// RUN: env TLSAN_OPTIONS=verbosity=1:max_retries=3:max_sleep_ms=1 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <sanitizer/tlsan_interface.h>
#include <semaphore.h>

static sem_t go;

static void *wait_for_go(void *arg) {
  sem_wait(&go);
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&go, 0, 0);
  pthread_create(&t, 0, wait_for_go, 0);
  int leaked = __tlsan_do_recoverable_leak_check();
  unsigned scope = __tlsan_scope_begin("Cost.Scoped");
  __tlsan_check_options o = {sizeof(o), -1, -1, 0, scope};
  int scoped = __tlsan_check(&o, 0, 0, 0);
  __tlsan_scope_end(scope);
  sem_post(&go);
  pthread_join(t, 0);
  return leaked == 1 && scoped == 0 ? 0 : 1;
}
// CHECK: ThreadLeakSanitizer: cost of the leak checks: 3 check(s), 1 of them scoped (tests), 1 re-checked; {{[0-9]+}} ms waiting between re-checks, {{[0-9]+}} ms in all

// C: as trap_bypassed_create.c (a thread started through the library's own
// pointer to glibc's pthread_create, waiting forever in read()), after the
// program left a tracked thread finished and not joined (gone from /proc,
// still in the registry): as many threads known as listed, yet not the same
// ones, and the foreign thread is still found beside the finished one.
// RUN: %clang_tlsan %s -o %t -ldl
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// CHECK: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// CHECK-DAG: Thread T1 (tid={{[0-9]+}}, finished, not joined), created by main thread at:
// CHECK-DAG: Thread T{{[0-9]+}} 'bg_purge' (tid={{[0-9]+}}, blocked in read), of unknown origin
// CHECK: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 1 blocked, 0 running, 1 finished
#define _GNU_SOURCE
#include "Inputs/proc_wait.h"
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

static int started[2], never[2];
static volatile int finished_tid;
static void *finish_at_once(void *arg) { return finished_tid = gettid(), arg; }

static void *background(void *arg) {
  char c = 1;
  pthread_setname_np(pthread_self(), "bg_purge");
  write(started[1], &c, 1);
  read(never[0], &c, 1);  // nobody ever writes
  return arg;
}

int main(void) {
  int (*create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) =
      dlsym(RTLD_NEXT, "pthread_create");
  pthread_t f, t;  // f: never joined
  char c;
  if (pipe(started) || pipe(never) || !create) return 2;
  if (pthread_create(&f, NULL, finish_at_once, NULL)) return 2;
  wait_gone(wait_for_tid(&finished_tid));  // its exit is complete
  if (create(&t, NULL, background, NULL)) return 2;
  read(started[0], &c, 1);  // named, about to block
}

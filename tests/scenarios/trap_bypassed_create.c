// C: a library that starts its thread through its own pointer to glibc's
// pthread_create (as jemalloc does for its background threads: dlsym
// RTLD_NEXT), so tlsan's interceptor never sees the creation. The thread
// names itself and waits forever in read(). tlsan finds it in /proc at exit
// and still reports it, by its name, as a thread of unknown origin (no
// creation stack); status 23. (With a tracked thread left finished as well:
// trap_bypassed_create_finished.c.)
// RUN: %clang_tlsan %s -o %t -ldl
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: rm -rf %t.sarif && mkdir %t.sarif
// RUN: env TLSAN_OPTIONS=report_format=sarif:log_path=%t.sarif/ %expect_exit 23 %t
// RUN: %sarif %t.sarif/* | %FileCheck %s --check-prefix=SARIF
// SARIF: sarif: runs=1 results=1 rules=thread-leak levels=error errors=0
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T{{[0-9]+}} 'bg_purge' (tid={{[0-9]+}}, blocked in read), of unknown origin
// CHECK: Waiting in system call read
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

static int started[2], never[2];

static void *background(void *arg) {
  char c = 1;
  pthread_setname_np(pthread_self(), "bg_purge");
  write(started[1], &c, 1);
  read(never[0], &c, 1);  // nobody ever writes
  return arg;
}

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *,
                         void *(*)(void *), void *);

int main(void) {
  create_fn create = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
  pthread_t t;
  char c;
  if (pipe(started) || pipe(never) || !create) return 2;
  if (create(&t, NULL, background, NULL)) return 2;
  read(started[0], &c, 1);  // named, about to block
  return 0;
}

// C: a library that starts its thread through its own pointer to glibc's
// pthread_create (as jemalloc does for its background threads: dlsym
// RTLD_NEXT), so tlsan's interceptor never sees the creation. The thread
// names itself and waits forever in read(). tlsan finds it in /proc at exit
// and still reports it, by its name, as a thread of unknown origin (no
// creation stack); status 23. With "finished", the program first leaves a
// tracked thread finished and not joined (gone from /proc, still in the
// registry): as many threads known as listed, yet not the same ones, and
// the foreign thread is still found.
// RUN: %clang_tlsan %s -o %t -ldl
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 %t finished 2>&1 | %FileCheck %s --check-prefix=BOTH
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T{{[0-9]+}} 'bg_purge' (tid={{[0-9]+}}, blocked in read), of unknown origin
// CHECK: Waiting in system call read
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked
// BOTH: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// BOTH-DAG: Thread T1 (tid={{[0-9]+}}, finished, not joined), created by main thread at:
// BOTH-DAG: Thread T{{[0-9]+}} 'bg_purge' (tid={{[0-9]+}}, blocked in read), of unknown origin
// BOTH: SUMMARY: ThreadLeakSanitizer: 2 leaked thread(s): 1 blocked, 0 running, 1 finished
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile pid_t finished_tid;

static void *finish_at_once(void *arg) {
  finished_tid = gettid();
  return arg;
}

// Until the kernel has removed the finished thread's task: its directory
// leaves /proc/self/task when its exit is complete.
static void wait_until_gone(pid_t tid) {
  char path[64];
  struct stat st;
  snprintf(path, sizeof(path), "/proc/self/task/%d", (int)tid);
  while (stat(path, &st) == 0) sched_yield();
}

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

int main(int argc, char **argv) {
  if (pipe(started) || pipe(never)) return 2;
  if (argc > 1 && strcmp(argv[1], "finished") == 0) {
    pthread_t f;  // never joined
    if (pthread_create(&f, NULL, finish_at_once, NULL)) return 2;
    while (!finished_tid) sched_yield();
    wait_until_gone(finished_tid);
  }
  create_fn create = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
  if (!create) return 2;
  pthread_t t;
  if (create(&t, NULL, background, NULL)) return 2;
  char c;
  read(started[0], &c, 1);  // named, about to block
  return 0;
}

// C: main holds an exclusive flock on a file; a thread asks for one through
// a second open of the file (flock locks belong to the open file
// description) and waits forever: blocked in flock on its fd (42 = 0x2a).
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t %t.lock 2>&1 | %FileCheck %s
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t %t.lock
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "flock" and b["object"] == "0x2a"'
#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>

static pthread_barrier_t started;

static void *locker(void *arg) {
  pthread_barrier_wait(&started);
  flock(42, LOCK_EX);  /* main never unlocks */
  return arg;
}

int main(int argc, char **argv) {
  pthread_t t;
  int fd = open(argv[1], O_RDWR | O_CREAT, 0600);
  if (flock(fd, LOCK_EX)) return 1;
  dup2(open(argv[1], O_RDWR), 42);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, locker, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in flock), created by main thread at:
// CHECK: Blocked in flock on fd 42 ({{.*}}.lock), for {{[0-9]+}} ms.
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked

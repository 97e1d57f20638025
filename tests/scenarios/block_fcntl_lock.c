// C: main holds an open-file-description write lock (F_OFD_SETLK); a thread
// asks for it with F_OFD_SETLKW through a second open: blocked in fcntl on
// its fd (42 = 0x2a). Built with _FILE_OFFSET_BITS=64 the program calls
// fcntl64, intercepted as well.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t %t.lock 2>&1 | %FileCheck %s --check-prefix=FCNTL
// RUN: %clang_tlsan -D_FILE_OFFSET_BITS=64 %s -o %t64
// RUN: env %expect_exit 23 %t64 %t.lock 2>&1 | %FileCheck %s --check-prefix=FCNTL64
// RUN: rm -f %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t %t.lock
// RUN: %json %t.log '(b := leaks[0]["blocked_on"])["kind"] == "io" and b["call"] == "fcntl" and b["object"] == "0x2a"'
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static struct flock whole = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
static pthread_barrier_t started;

static void *locker(void *arg) {
  pthread_barrier_wait(&started);
  fcntl(42, F_OFD_SETLKW, &whole);  /* main never unlocks */
  return arg;
}

int main(int argc, char **argv) {
  pthread_t t;
  if (fcntl(open(argv[1], O_RDWR | O_CREAT, 0600), F_OFD_SETLK, &whole)) return 1;
  dup2(open(argv[1], O_RDWR), 42);
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, locker, 0);
  pthread_barrier_wait(&started);
  return 0;
}
// FCNTL: Blocked in fcntl on fd 42 ({{.*}}.lock), for {{[0-9]+}} ms.
// FCNTL64: Blocked in fcntl64 on fd 42 ({{.*}}.lock), for {{[0-9]+}} ms.

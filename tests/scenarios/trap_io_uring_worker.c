// C: io_uring starts kernel workers in the process (io-wq's iou-wrk-<tid>)
// for a read queued with IOSQE_ASYNC on an empty pipe; the worker shows in
// /proc/self/task, blocked, and is still there when main returns. It is the
// kernel's (PF_IO_WORKER), runs no user code and no program can join it:
// tlsan never reports it, with or without the built-in filters (status 0).
// Before, it was reported as a blocked thread "of unknown origin".
// REQUIRES: io_uring
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 0 %t 2>&1 | %FileCheck %s
// CHECK: io_uring worker started
// CHECK-NOT: ThreadLeakSanitizer
#define _GNU_SOURCE
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>

static int WorkerVisible(void) {
  DIR *d = opendir("/proc/self/task");
  struct dirent *e;
  int found = 0;
  while (d && !found && (e = readdir(d))) {
    char path[64], comm[32] = {0};
    snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    if (read(fd, comm, sizeof(comm) - 1) > 0 && strncmp(comm, "iou-wrk", 7) == 0) found = 1;
    close(fd);
  }
  if (d) closedir(d);
  return found;
}

int main(void) {
  struct io_uring_params p;
  memset(&p, 0, sizeof(p));
  int ring = (int)syscall(SYS_io_uring_setup, 4, &p);
  if (ring < 0) { perror("io_uring_setup"); return 2; }
  size_t sq_size = p.sq_off.array + p.sq_entries * sizeof(unsigned);
  char *sq = mmap(0, sq_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQ_RING);
  struct io_uring_sqe *sqes = mmap(0, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring, IORING_OFF_SQES);
  if (sq == MAP_FAILED || sqes == MAP_FAILED) { perror("mmap"); return 2; }
  int fds[2];
  if (pipe(fds)) return 2;
  static char buf[16];
  struct io_uring_sqe *sqe = &sqes[0];
  memset(sqe, 0, sizeof(*sqe));
  sqe->opcode = IORING_OP_READ;
  sqe->flags = IOSQE_ASYNC;  // to an io-wq worker thread (iou-wrk-<tid>)
  sqe->fd = fds[0];
  sqe->addr = (unsigned long)buf;
  sqe->len = sizeof(buf);
  unsigned *tail = (unsigned *)(sq + p.sq_off.tail);
  unsigned *array = (unsigned *)(sq + p.sq_off.array);
  array[*tail & *(unsigned *)(sq + p.sq_off.ring_mask)] = 0;
  __atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
  if (syscall(SYS_io_uring_enter, ring, 1, 0, 0, 0, 0) != 1) { perror("io_uring_enter"); return 2; }
  // io-wq starts its worker for the queued read on its own: wait until
  // /proc shows it (a condition, not a delay).
  for (long spins = 0; spins < 100000000; spins++) {
    if (WorkerVisible()) { fprintf(stderr, "io_uring worker started\n"); return 0; }
    sched_yield();
  }
  fprintf(stderr, "no io_uring worker seen\n");
  return 0;
}

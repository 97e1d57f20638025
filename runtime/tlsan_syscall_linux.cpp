//===-- tlsan_syscall_linux.cpp - raw Linux system calls -----------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_syscall_linux.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_syscall_linux.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>

namespace __tlsan {

sptr internal_syscall6(long nr, uptr a1, uptr a2, uptr a3, uptr a4, uptr a5,
                       uptr a6) {
#if defined(__x86_64__)
  sptr ret;
  register uptr r10 asm("r10") = a4;
  register uptr r8 asm("r8") = a5;
  register uptr r9 asm("r9") = a6;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
#elif defined(__aarch64__)
  register long x8 asm("x8") = nr;
  register uptr x0 asm("x0") = a1;
  register uptr x1 asm("x1") = a2;
  register uptr x2 asm("x2") = a3;
  register uptr x3 asm("x3") = a4;
  register uptr x4 asm("x4") = a5;
  register uptr x5 asm("x5") = a6;
  asm volatile("svc 0"
               : "+r"(x0)
               : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
               : "memory");
  return (sptr)x0;
#else
#error "tlsan: unsupported architecture (x86_64 and aarch64 only)"
#endif
}

sptr internal_read(int fd, void *buf, uptr count) {
  sptr r;
  do {
    r = internal_syscall6(SYS_read, fd, (uptr)buf, count);
  } while (r == -4 /*EINTR*/);
  return r;
}

sptr internal_write(int fd, const void *buf, uptr count) {
  sptr r;
  do {
    r = internal_syscall6(SYS_write, fd, (uptr)buf, count);
  } while (r == -4 /*EINTR*/);
  return r;
}

// Writes all of buf: 0, or the -errno that stopped it (-ENOSPC for a write
// that made no progress).
static int WriteAll(int fd, const void *buf, uptr count) {
  const char *p = (const char *)buf;
  while (count > 0) {
    sptr w = internal_write(fd, p, count);
    if (w <= 0) return w < 0 ? (int)w : -ENOSPC;
    p += w;
    count -= (uptr)w;
  }
  return 0;
}

bool internal_write_all(int fd, const void *buf, uptr count) {
  return WriteAll(fd, buf, count) == 0;
}

int internal_write_file(int fd, const void *buf, uptr count) {
  // Kernel sigsets: one bit per signal, 8 bytes on x86_64 and aarch64.
  const u64 xfsz = 1ull << (SIGXFSZ - 1);
  u64 old_mask = 0, pending = 0;
  internal_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, (uptr)&xfsz, (uptr)&old_mask,
                    sizeof(u64));
  internal_syscall6(SYS_rt_sigpending, (uptr)&pending, sizeof(u64));
  bool was_pending = (pending & xfsz) != 0;
  int err = WriteAll(fd, buf, count);
  if (err == -EFBIG && !was_pending) {
    struct {
      long sec, nsec;
    } zero = {0, 0};
    internal_syscall6(SYS_rt_sigtimedwait, (uptr)&xfsz, 0, (uptr)&zero,
                      sizeof(u64));
  }
  internal_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (uptr)&old_mask, 0,
                    sizeof(u64));
  return err;
}

int KeepAboveStdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  int high = internal_fcntl(fd, F_DUPFD_CLOEXEC, 3);
  internal_close(fd);
  return high;
}

int internal_open(const char *path, int flags, int mode) {
  return KeepAboveStdio(
      (int)internal_syscall6(SYS_openat, (uptr)AT_FDCWD, (uptr)path,
                             (uptr)(flags | O_CLOEXEC), (uptr)mode));
}

int internal_fcntl(int fd, int cmd, uptr arg) {
  return (int)internal_syscall6(SYS_fcntl, (uptr)fd, (uptr)cmd, arg);
}

int internal_close(int fd) { return (int)internal_syscall6(SYS_close, fd); }

void *internal_mmap(void *addr, uptr length, int prot, int flags, int fd,
                    u64 offset) {
  return (void *)internal_syscall6(SYS_mmap, (uptr)addr, length, (uptr)prot,
                                   (uptr)flags, (uptr)(sptr)fd, offset);
}

int internal_munmap(void *addr, uptr length) {
  return (int)internal_syscall6(SYS_munmap, (uptr)addr, length);
}

int internal_nanosleep(u64 ns) {
  struct {
    long sec;
    long nsec;
  } ts = {(long)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
  return (int)internal_syscall6(SYS_nanosleep, (uptr)&ts, 0);
}

int internal_getdents64(int fd, void *buf, uptr count) {
  return (int)internal_syscall6(SYS_getdents64, fd, (uptr)buf, count);
}

// Both ends above 2 (see KeepAboveStdio); on failure none is left open.
static int KeepPairAboveStdio(int res, int fds[2]) {
  if (res < 0) return res;
  fds[0] = KeepAboveStdio(fds[0]);
  fds[1] = KeepAboveStdio(fds[1]);
  if (fds[0] >= 0 && fds[1] >= 0) return 0;
  int err = fds[0] < 0 ? fds[0] : fds[1];
  if (fds[0] >= 0) internal_close(fds[0]);
  if (fds[1] >= 0) internal_close(fds[1]);
  return err;
}

int internal_pipe2(int fds[2], int flags) {
  return KeepPairAboveStdio(
      (int)internal_syscall6(SYS_pipe2, (uptr)fds, (uptr)(flags | O_CLOEXEC)),
      fds);
}

int internal_socketpair(int domain, int type, int protocol, int fds[2]) {
  return KeepPairAboveStdio((int)internal_syscall6(SYS_socketpair, (uptr)domain,
                                                   (uptr)(type | SOCK_CLOEXEC),
                                                   (uptr)protocol, (uptr)fds),
                            fds);
}

int internal_dup2(int oldfd, int newfd) {
  return (int)internal_syscall6(SYS_dup3, oldfd, newfd, 0);
}

int internal_rename(const char *from, const char *to) {
  return (int)internal_syscall6(SYS_renameat, (uptr)AT_FDCWD, (uptr)from,
                                (uptr)AT_FDCWD, (uptr)to);
}

int internal_unlink(const char *path) {
  return (int)internal_syscall6(SYS_unlinkat, (uptr)AT_FDCWD, (uptr)path, 0);
}

sptr internal_wait4(int pid, int *status, int options) {
  sptr r;
  do {
    r = internal_syscall6(SYS_wait4, (uptr)(sptr)pid, (uptr)status,
                          (uptr)options, 0);
  } while (r == -4 /*EINTR*/);
  return r;
}

int internal_kill(int pid, int sig) {
  return (int)internal_syscall6(SYS_kill, (uptr)(sptr)pid, (uptr)sig);
}

int internal_poll(void *fds, uptr nfds, int timeout_ms) {
  struct {
    long sec;
    long nsec;
  } ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
  return (int)internal_syscall6(SYS_ppoll, (uptr)fds, nfds,
                                timeout_ms < 0 ? 0 : (uptr)&ts, 0, 8);
}

int internal_access(const char *path, int mode) {
  return (int)internal_syscall6(SYS_faccessat, (uptr)AT_FDCWD, (uptr)path,
                                (uptr)mode, 0);
}

void internal_exit_group(int code) {
  for (;;) internal_syscall6(SYS_exit_group, (uptr)code);
}

sptr ReadSmallFile(const char *path, char *buf, uptr size) {
  if (size == 0) return -1;
  int fd = internal_open(path, O_RDONLY);
  if (fd < 0) return -1;
  uptr total = 0;
  while (total + 1 < size) {
    sptr r = internal_read(fd, buf + total, size - 1 - total);
    if (r <= 0) {
      if (r < 0) total = 0;
      break;
    }
    total += (uptr)r;
  }
  internal_close(fd);
  buf[total] = '\0';
  return (sptr)total;
}

bool SafeRead(uptr addr, void *buf, uptr n) {
  if (n == 0) return true;
  struct {
    void *base;
    uptr len;
  } local = {buf, n}, remote = {(void *)addr, n};
  sptr r = internal_syscall6(SYS_process_vm_readv, (uptr)CachedPid(),
                             (uptr)&local, 1, (uptr)&remote, 1, 0);
  return r == (sptr)n;
}

// The pid, read once (and again after fork: AfterForkChild calls
// RefreshCachedPid). Only for the leak pass's SafeRead, where a syscall per
// read adds up.
static int cached_pid;
int CachedPid() {
  int pid = AtomicLoad(&cached_pid, __ATOMIC_RELAXED);
  if (pid == 0) {
    pid = GetPid();
    AtomicStore(&cached_pid, pid, __ATOMIC_RELAXED);
  }
  return pid;
}
void RefreshCachedPid() {
  AtomicStore(&cached_pid, GetPid(), __ATOMIC_RELAXED);
}

int GetTid() { return (int)internal_syscall6(SYS_gettid); }
int GetPid() { return (int)internal_syscall6(SYS_getpid); }

void SleepForMicros(u64 us) { internal_nanosleep(us * 1000); }

}  // namespace __tlsan

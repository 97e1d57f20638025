//===-- tlsan_syscall_linux.h - raw Linux system calls -------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The runtime's own I/O, memory mapping and sleeping go through these raw
// system calls so that they never re-enter tlsan's interceptors (read,
// write, nanosleep... are intercepted) and never touch errno. Each returns
// the kernel's result: >= 0 on success, -errno on failure.
// All are async-signal-safe.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SYSCALL_LINUX_H
#define TLSAN_SYSCALL_LINUX_H

#include "tlsan_internal.h"

namespace __tlsan {

sptr internal_syscall6(long nr, uptr a1 = 0, uptr a2 = 0, uptr a3 = 0,
                       uptr a4 = 0, uptr a5 = 0, uptr a6 = 0);

// True when a raw syscall result denotes an error (-4095..-1).
TLSAN_ALWAYS_INLINE bool internal_iserror(sptr res) {
  return res < 0 && res > -4096;
}

// Every descriptor the runtime opens (internal_open, internal_pipe2,
// internal_socketpair) is numbered 3 or above, close-on-exec: when the
// program has closed stdin, stdout or stderr, a runtime file or socket must
// not become the program's fd 0, 1 or 2 (a report written to "stdout" would
// go into it). KeepAboveStdio moves `fd` (a result: >= 0, or -errno passed
// through) out of 0..2 with F_DUPFD_CLOEXEC and closes the low one.
int KeepAboveStdio(int fd);

sptr internal_read(int fd, void *buf, uptr count);
sptr internal_write(int fd, const void *buf, uptr count);
// Writes all of buf, retrying on EINTR and short writes. False on error.
bool internal_write_all(int fd, const void *buf, uptr count);
// Writes all of buf to a file: 0, or the -errno that stopped it (-ENOSPC
// for a write that made no progress). Past the file size limit
// (RLIMIT_FSIZE) it fails with -EFBIG instead of killing the process:
// SIGXFSZ is blocked in the calling thread meanwhile, and the one the
// kernel raised for this write is discarded (one already pending stays).
int internal_write_file(int fd, const void *buf, uptr count);
int internal_open(const char *path, int flags, int mode = 0);
int internal_close(int fd);
void *internal_mmap(void *addr, uptr length, int prot, int flags, int fd,
                    u64 offset);
int internal_munmap(void *addr, uptr length);
int internal_nanosleep(u64 ns);
int internal_getdents64(int fd, void *buf, uptr count);
int internal_pipe2(int fds[2], int flags);
int internal_socketpair(int domain, int type, int protocol, int fds[2]);
// fcntl(fd, cmd, arg): >= 0, or -errno.
int internal_fcntl(int fd, int cmd, uptr arg = 0);
int internal_dup2(int oldfd, int newfd);
int internal_rename(const char *from, const char *to);
int internal_unlink(const char *path);
sptr internal_wait4(int pid, int *status, int options);
int internal_kill(int pid, int sig);
int internal_poll(void *fds, uptr nfds, int timeout_ms);
int internal_access(const char *path, int mode);
[[noreturn]] void internal_exit_group(int code);

// Copies n bytes at `addr` of this process into buf without faulting, even
// if the memory was unmapped meanwhile (process_vm_readv on ourselves).
// False if any byte could not be read. Leak pass only.
bool SafeRead(uptr addr, void *buf, uptr n);

// The process id, cached (SafeRead's); RefreshCachedPid after fork.
int CachedPid();
void RefreshCachedPid();

// Reads a small file (/proc entries) into buf, NUL-terminated. Returns the
// number of bytes read, or -1.
sptr ReadSmallFile(const char *path, char *buf, uptr size);

}  // namespace __tlsan

#endif  // TLSAN_SYSCALL_LINUX_H

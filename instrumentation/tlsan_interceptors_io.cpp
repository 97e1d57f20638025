//===-- tlsan_interceptors_io.cpp - blocking I/O and file locks -----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_interceptors.h.
//
// Interceptors for the calls a thread blocks in when it waits for a file
// descriptor: reads and receives (read, readv, pread, recv*, accept*),
// writes and sends (a full pipe or socket blocks them too), connect,
// readiness waits (poll, ppoll, select, pselect, epoll_wait, epoll_pwait,
// epoll_pwait2) and file locks (flock, fcntl F_SETLKW/F_OFD_SETLKW, lockf
// F_LOCK). Each wraps the real call in a BlockingRegion of kind kBlockIo
// whose object is the descriptor (the epoll descriptor for epoll_*).
// poll and select wait on descriptors held in user memory, which the
// interceptor does not read (that could turn the real call's EFAULT into a
// SIGSEGV): they publish kObjectInSyscallArgs, and the leak pass reads the
// descriptors safely, from the system call's arguments, at the check.
// The fortified entry points (__read_chk, ... as _FORTIFY_SOURCE emits them)
// are intercepted too and publish the name the program wrote ("read"):
// glibc's __read_chk calls its read internally, where no interceptor sees
// it.
//
// Contract: these are the program's hot paths (a ready pipe read is ~400
// ns): no syscall, no lock, no allocation, nothing but the region's few
// stores. Results, errno, EINTR and cancellation behave exactly as without
// tlsan (the region touches no errno; a thread cancelled inside the call
// never runs the region's destructor, see tlsan_blocking.h). Reentrant and
// async-signal-safe as the calls themselves.
//
//===----------------------------------------------------------------------===//
#undef _FORTIFY_SOURCE  // tlsan defines read() & co. itself

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "tlsan_blocking.h"
#include "tlsan_interception.h"
#include "tlsan_interceptors.h"

using namespace __tlsan;

// glibc's fortified entry points (<bits/unistd.h>, <bits/socket2.h>,
// <bits/poll2.h>); not declared by the headers without _FORTIFY_SOURCE.
extern "C" {
ssize_t __read_chk(int fd, void *buf, size_t nbytes, size_t buflen);
ssize_t __pread_chk(int fd, void *buf, size_t nbytes, off_t offset,
                    size_t buflen);
ssize_t __pread64_chk(int fd, void *buf, size_t nbytes, off64_t offset,
                      size_t buflen);
ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags);
ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags,
                       struct sockaddr *addr, socklen_t *addrlen);
int __poll_chk(struct pollfd *fds, nfds_t nfds, int timeout, size_t fdslen);
int __ppoll_chk(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout,
                const sigset_t *ss, size_t fdslen);
}

// ---- Reads and receives -----------------------------------------------------

TLSAN_INTERCEPTOR(ssize_t, read, int fd, void *buf, size_t count) {
  TLSAN_ENTER(read);
  BlockingRegion region(kBlockIo, "read", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(read)(fd, buf, count);
}

TLSAN_INTERCEPTOR(ssize_t, __read_chk, int fd, void *buf, size_t nbytes,
                  size_t buflen) {
  TLSAN_ENTER(__read_chk);
  BlockingRegion region(kBlockIo, "read", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(__read_chk)(fd, buf, nbytes, buflen);
}

TLSAN_INTERCEPTOR(ssize_t, readv, int fd, const struct iovec *iov, int iovcnt) {
  TLSAN_ENTER(readv);
  BlockingRegion region(kBlockIo, "readv", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(readv)(fd, iov, iovcnt);
}

TLSAN_INTERCEPTOR(ssize_t, pread, int fd, void *buf, size_t count,
                  off_t offset) {
  TLSAN_ENTER(pread);
  BlockingRegion region(kBlockIo, "pread", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(pread)(fd, buf, count, offset);
}

TLSAN_INTERCEPTOR(ssize_t, __pread_chk, int fd, void *buf, size_t nbytes,
                  off_t offset, size_t buflen) {
  TLSAN_ENTER(__pread_chk);
  BlockingRegion region(kBlockIo, "pread", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(__pread_chk)(fd, buf, nbytes, offset, buflen);
}

TLSAN_INTERCEPTOR(ssize_t, pread64, int fd, void *buf, size_t count,
                  off64_t offset) {
  TLSAN_ENTER(pread64);
  BlockingRegion region(kBlockIo, "pread64", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(pread64)(fd, buf, count, offset);
}

TLSAN_INTERCEPTOR(ssize_t, __pread64_chk, int fd, void *buf, size_t nbytes,
                  off64_t offset, size_t buflen) {
  TLSAN_ENTER(__pread64_chk);
  BlockingRegion region(kBlockIo, "pread64", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(__pread64_chk)(fd, buf, nbytes, offset, buflen);
}

TLSAN_INTERCEPTOR(ssize_t, recv, int fd, void *buf, size_t len, int flags) {
  TLSAN_ENTER(recv);
  BlockingRegion region(kBlockIo, "recv", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(recv)(fd, buf, len, flags);
}

TLSAN_INTERCEPTOR(ssize_t, __recv_chk, int fd, void *buf, size_t len,
                  size_t buflen, int flags) {
  TLSAN_ENTER(__recv_chk);
  BlockingRegion region(kBlockIo, "recv", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(__recv_chk)(fd, buf, len, buflen, flags);
}

TLSAN_INTERCEPTOR(ssize_t, recvfrom, int fd, void *buf, size_t len, int flags,
                  struct sockaddr *addr, socklen_t *addrlen) {
  TLSAN_ENTER(recvfrom);
  BlockingRegion region(kBlockIo, "recvfrom", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(recvfrom)(fd, buf, len, flags, addr, addrlen);
}

TLSAN_INTERCEPTOR(ssize_t, __recvfrom_chk, int fd, void *buf, size_t len,
                  size_t buflen, int flags, struct sockaddr *addr,
                  socklen_t *addrlen) {
  TLSAN_ENTER(__recvfrom_chk);
  BlockingRegion region(kBlockIo, "recvfrom", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(__recvfrom_chk)(fd, buf, len, buflen, flags, addr, addrlen);
}

TLSAN_INTERCEPTOR(ssize_t, recvmsg, int fd, struct msghdr *msg, int flags) {
  TLSAN_ENTER(recvmsg);
  BlockingRegion region(kBlockIo, "recvmsg", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(recvmsg)(fd, msg, flags);
}

TLSAN_INTERCEPTOR(int, accept, int fd, struct sockaddr *addr,
                  socklen_t *addrlen) {
  TLSAN_ENTER(accept);
  BlockingRegion region(kBlockIo, "accept", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(accept)(fd, addr, addrlen);
}

TLSAN_INTERCEPTOR(int, accept4, int fd, struct sockaddr *addr,
                  socklen_t *addrlen, int flags) {
  TLSAN_ENTER(accept4);
  BlockingRegion region(kBlockIo, "accept4", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(accept4)(fd, addr, addrlen, flags);
}

TLSAN_INTERCEPTOR(int, connect, int fd, const struct sockaddr *addr,
                  socklen_t addrlen) {
  TLSAN_ENTER(connect);
  BlockingRegion region(kBlockIo, "connect", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(connect)(fd, addr, addrlen);
}

// ---- Writes and sends (a full pipe or socket buffer blocks) ----------------

TLSAN_INTERCEPTOR(ssize_t, write, int fd, const void *buf, size_t count) {
  TLSAN_ENTER(write);
  BlockingRegion region(kBlockIo, "write", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(write)(fd, buf, count);
}

TLSAN_INTERCEPTOR(ssize_t, writev, int fd, const struct iovec *iov,
                  int iovcnt) {
  TLSAN_ENTER(writev);
  BlockingRegion region(kBlockIo, "writev", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(writev)(fd, iov, iovcnt);
}

TLSAN_INTERCEPTOR(ssize_t, send, int fd, const void *buf, size_t len,
                  int flags) {
  TLSAN_ENTER(send);
  BlockingRegion region(kBlockIo, "send", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(send)(fd, buf, len, flags);
}

TLSAN_INTERCEPTOR(ssize_t, sendto, int fd, const void *buf, size_t len,
                  int flags, const struct sockaddr *addr, socklen_t addrlen) {
  TLSAN_ENTER(sendto);
  BlockingRegion region(kBlockIo, "sendto", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(sendto)(fd, buf, len, flags, addr, addrlen);
}

TLSAN_INTERCEPTOR(ssize_t, sendmsg, int fd, const struct msghdr *msg,
                  int flags) {
  TLSAN_ENTER(sendmsg);
  BlockingRegion region(kBlockIo, "sendmsg", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(sendmsg)(fd, msg, flags);
}

// ---- Readiness waits --------------------------------------------------------

TLSAN_INTERCEPTOR(int, poll, struct pollfd *fds, nfds_t nfds, int timeout) {
  TLSAN_ENTER(poll);
  BlockingRegion region(kBlockIo, "poll", kObjectInSyscallArgs,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(poll)(fds, nfds, timeout);
}

TLSAN_INTERCEPTOR(int, __poll_chk, struct pollfd *fds, nfds_t nfds, int timeout,
                  size_t fdslen) {
  TLSAN_ENTER(__poll_chk);
  BlockingRegion region(kBlockIo, "poll", kObjectInSyscallArgs,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(__poll_chk)(fds, nfds, timeout, fdslen);
}

TLSAN_INTERCEPTOR(int, ppoll, struct pollfd *fds, nfds_t nfds,
                  const struct timespec *timeout, const sigset_t *sigmask) {
  TLSAN_ENTER(ppoll);
  BlockingRegion region(kBlockIo, "ppoll", kObjectInSyscallArgs,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(ppoll)(fds, nfds, timeout, sigmask);
}

TLSAN_INTERCEPTOR(int, __ppoll_chk, struct pollfd *fds, nfds_t nfds,
                  const struct timespec *timeout, const sigset_t *sigmask,
                  size_t fdslen) {
  TLSAN_ENTER(__ppoll_chk);
  BlockingRegion region(kBlockIo, "ppoll", kObjectInSyscallArgs,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(__ppoll_chk)(fds, nfds, timeout, sigmask, fdslen);
}

TLSAN_INTERCEPTOR(int, select, int nfds, fd_set *readfds, fd_set *writefds,
                  fd_set *exceptfds, struct timeval *timeout) {
  TLSAN_ENTER(select);
  BlockingRegion region(kBlockIo, "select", kObjectInSyscallArgs,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(select)(nfds, readfds, writefds, exceptfds, timeout);
}

TLSAN_INTERCEPTOR(int, pselect, int nfds, fd_set *readfds, fd_set *writefds,
                  fd_set *exceptfds, const struct timespec *timeout,
                  const sigset_t *sigmask) {
  TLSAN_ENTER(pselect);
  BlockingRegion region(kBlockIo, "pselect", kObjectInSyscallArgs,
                        TLSAN_CALLER_PC);
  return TLSAN_REAL(pselect)(nfds, readfds, writefds, exceptfds, timeout,
                             sigmask);
}

TLSAN_INTERCEPTOR(int, epoll_wait, int epfd, struct epoll_event *events,
                  int maxevents, int timeout) {
  TLSAN_ENTER(epoll_wait);
  BlockingRegion region(kBlockIo, "epoll_wait", (uptr)epfd, TLSAN_CALLER_PC);
  return TLSAN_REAL(epoll_wait)(epfd, events, maxevents, timeout);
}

TLSAN_INTERCEPTOR(int, epoll_pwait, int epfd, struct epoll_event *events,
                  int maxevents, int timeout, const sigset_t *sigmask) {
  TLSAN_ENTER(epoll_pwait);
  BlockingRegion region(kBlockIo, "epoll_pwait", (uptr)epfd, TLSAN_CALLER_PC);
  return TLSAN_REAL(epoll_pwait)(epfd, events, maxevents, timeout, sigmask);
}

#if __GLIBC_PREREQ(2, 35)
#define TLSAN_HAVE_EPOLL_PWAIT2 1
TLSAN_INTERCEPTOR(int, epoll_pwait2, int epfd, struct epoll_event *events,
                  int maxevents, const struct timespec *timeout,
                  const sigset_t *sigmask) {
  TLSAN_ENTER(epoll_pwait2);
  BlockingRegion region(kBlockIo, "epoll_pwait2", (uptr)epfd, TLSAN_CALLER_PC);
  return TLSAN_REAL(epoll_pwait2)(epfd, events, maxevents, timeout, sigmask);
}
#endif

// ---- File locks -------------------------------------------------------------

TLSAN_INTERCEPTOR(int, flock, int fd, int operation) {
  TLSAN_ENTER(flock);
  BlockingRegion region(kBlockIo, "flock", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(flock)(fd, operation);
}

// fcntl's third argument is an int or a pointer, or absent; glibc reads it
// as a void * whatever the command (as here) and passes it on. Only the
// waiting lock commands get a region.
TLSAN_INTERCEPTOR(int, fcntl, int fd, int cmd, ...) {
  TLSAN_ENTER(fcntl);
  va_list ap;
  va_start(ap, cmd);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  if (cmd != F_SETLKW && cmd != F_OFD_SETLKW)
    return TLSAN_REAL(fcntl)(fd, cmd, arg);
  BlockingRegion region(kBlockIo, "fcntl", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(fcntl)(fd, cmd, arg);
}

// What programs built with _FILE_OFFSET_BITS=64 call (glibc >= 2.28).
TLSAN_INTERCEPTOR(int, fcntl64, int fd, int cmd, ...) {
  TLSAN_ENTER(fcntl64);
  va_list ap;
  va_start(ap, cmd);
  void *arg = va_arg(ap, void *);
  va_end(ap);
  if (cmd != F_SETLKW && cmd != F_OFD_SETLKW)
    return TLSAN_REAL(fcntl64)(fd, cmd, arg);
  BlockingRegion region(kBlockIo, "fcntl64", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(fcntl64)(fd, cmd, arg);
}

TLSAN_INTERCEPTOR(int, lockf, int fd, int cmd, off_t len) {
  TLSAN_ENTER(lockf);
  if (cmd != F_LOCK) return TLSAN_REAL(lockf)(fd, cmd, len);
  BlockingRegion region(kBlockIo, "lockf", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(lockf)(fd, cmd, len);
}

// What programs built with _FILE_OFFSET_BITS=64 call.
TLSAN_INTERCEPTOR(int, lockf64, int fd, int cmd, off64_t len) {
  TLSAN_ENTER(lockf64);
  if (cmd != F_LOCK) return TLSAN_REAL(lockf64)(fd, cmd, len);
  BlockingRegion region(kBlockIo, "lockf64", (uptr)fd, TLSAN_CALLER_PC);
  return TLSAN_REAL(lockf64)(fd, cmd, len);
}

namespace __tlsan {

void InitializeIoInterceptors() {
  TLSAN_INTERCEPT_FUNCTION(read);
  TLSAN_INTERCEPT_FUNCTION(__read_chk);
  TLSAN_INTERCEPT_FUNCTION(readv);
  TLSAN_INTERCEPT_FUNCTION(pread);
  TLSAN_INTERCEPT_FUNCTION(__pread_chk);
  TLSAN_INTERCEPT_FUNCTION(pread64);
  TLSAN_INTERCEPT_FUNCTION(__pread64_chk);
  TLSAN_INTERCEPT_FUNCTION(recv);
  TLSAN_INTERCEPT_FUNCTION(__recv_chk);
  TLSAN_INTERCEPT_FUNCTION(recvfrom);
  TLSAN_INTERCEPT_FUNCTION(__recvfrom_chk);
  TLSAN_INTERCEPT_FUNCTION(recvmsg);
  TLSAN_INTERCEPT_FUNCTION(accept);
  TLSAN_INTERCEPT_FUNCTION(accept4);
  TLSAN_INTERCEPT_FUNCTION(connect);
  TLSAN_INTERCEPT_FUNCTION(write);
  TLSAN_INTERCEPT_FUNCTION(writev);
  TLSAN_INTERCEPT_FUNCTION(send);
  TLSAN_INTERCEPT_FUNCTION(sendto);
  TLSAN_INTERCEPT_FUNCTION(sendmsg);
  TLSAN_INTERCEPT_FUNCTION(poll);
  TLSAN_INTERCEPT_FUNCTION(__poll_chk);
  TLSAN_INTERCEPT_FUNCTION(ppoll);
  TLSAN_INTERCEPT_FUNCTION(__ppoll_chk);
  TLSAN_INTERCEPT_FUNCTION(select);
  TLSAN_INTERCEPT_FUNCTION(pselect);
  TLSAN_INTERCEPT_FUNCTION(epoll_wait);
  TLSAN_INTERCEPT_FUNCTION(epoll_pwait);
#if TLSAN_HAVE_EPOLL_PWAIT2
  TLSAN_INTERCEPT_FUNCTION(epoll_pwait2);
#endif
  TLSAN_INTERCEPT_FUNCTION(flock);
  TLSAN_INTERCEPT_FUNCTION(fcntl);
  TLSAN_INTERCEPT_FUNCTION(fcntl64);
  TLSAN_INTERCEPT_FUNCTION(lockf);
  TLSAN_INTERCEPT_FUNCTION(lockf64);
}

}  // namespace __tlsan

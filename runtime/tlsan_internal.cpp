//===-- tlsan_internal.cpp - basic helpers of the tlsan runtime ----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_internal.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include "tlsan_syscall_linux.h"

namespace __tlsan {

static void VPrintfTo(int fd, bool with_pid, const char *fmt, va_list ap) {
  char buf[1024];
  int n = 0;
  if (with_pid) n = snprintf(buf, sizeof(buf), "==%d==", GetPid());
  int m = vsnprintf(buf + n, sizeof(buf) - (uptr)n, fmt, ap);
  if (m < 0) return;
  uptr len = (uptr)n + (uptr)m;
  if (len >= sizeof(buf)) len = sizeof(buf) - 1;
  internal_write_all(fd, buf, len);
}

void Printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VPrintfTo(StderrFd(), false, fmt, ap);
  va_end(ap);
}

void Report(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  VPrintfTo(StderrFd(), true, fmt, ap);
  va_end(ap);
}

// The stderr the process started with: a duplicate, and the identity of
// its file, so that a descriptor the program reused after closing ours is
// never written to.
static struct {
  int fd;  // 0: not kept (0 is never the duplicate)
  u64 dev, ino;
} startup_stderr;

static bool Identity(int fd, u64 *dev, u64 *ino) {
  struct stat st;
  if (internal_iserror(internal_syscall6(SYS_fstat, (uptr)fd, (uptr)&st)))
    return false;
  *dev = (u64)st.st_dev;
  *ino = (u64)st.st_ino;
  return true;
}

void SaveStartupStderr() {
  if (startup_stderr.fd > 0) return;
  u64 dev, ino;
  if (!Identity(2, &dev, &ino)) return;  // started without a stderr
  int fd = internal_fcntl(2, F_DUPFD_CLOEXEC, 100);
  if (fd == -EINVAL) fd = internal_fcntl(2, F_DUPFD_CLOEXEC, 3);  // low limit
  if (fd < 3) return;
  startup_stderr.dev = dev;
  startup_stderr.ino = ino;
  AtomicStore(&startup_stderr.fd, fd, __ATOMIC_RELEASE);
}

int StderrFd() {
  int fl = internal_fcntl(2, F_GETFL);
  if (fl >= 0 && (fl & O_ACCMODE) != O_RDONLY) return 2;
  int fd = AtomicLoad(&startup_stderr.fd, __ATOMIC_ACQUIRE);
  u64 dev, ino;
  if (fd > 0 && Identity(fd, &dev, &ino) && dev == startup_stderr.dev &&
      ino == startup_stderr.ino)
    return fd;
  return 2;
}

void Die(int code) { internal_exit_group(code); }

void CheckFailed(const char *file, int line, const char *cond, u64 v1, u64 v2) {
  Report("ThreadLeakSanitizer CHECK failed: %s:%d \"%s\" (0x%llx, 0x%llx)\n",
         file, line, cond, (unsigned long long)v1, (unsigned long long)v2);
  Die(1);
}

uptr internal_edit_distance(const char *a, const char *b) {
  uptr la = internal_strlen(a), lb = internal_strlen(b);
  if (la >= kMaxEditDistanceLen || lb >= kMaxEditDistanceLen)
    return kMaxEditDistanceLen;
  uptr row[kMaxEditDistanceLen];
  for (uptr j = 0; j <= lb; j++) row[j] = j;
  for (uptr i = 1; i <= la; i++) {
    uptr diag = row[0];
    row[0] = i;
    for (uptr j = 1; j <= lb; j++) {
      uptr up = row[j];
      uptr best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

uptr internal_strlen(const char *s) {
  uptr n = 0;
  while (s[n]) n++;
  return n;
}

int internal_strcmp(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return (unsigned char)*a - (unsigned char)*b;
}

int internal_strncmp(const char *a, const char *b, uptr n) {
  for (uptr i = 0; i < n; i++) {
    if (a[i] != b[i] || !a[i]) return (unsigned char)a[i] - (unsigned char)b[i];
  }
  return 0;
}

const char *internal_strstr(const char *haystack, const char *needle) {
  uptr n = internal_strlen(needle);
  for (; *haystack; haystack++)
    if (internal_strncmp(haystack, needle, n) == 0) return haystack;
  return n == 0 ? haystack : nullptr;
}

// libc's memcpy/memset: never intercepted, async-signal-safe, and fast.
void internal_memcpy(void *dst, const void *src, uptr n) {
  __builtin_memcpy(dst, src, n);
}

void internal_memset(void *dst, int c, uptr n) { __builtin_memset(dst, c, n); }

void internal_strlcpy(char *dst, const char *src, uptr size) {
  uptr i = 0;
  for (; i + 1 < size && src[i]; i++) dst[i] = src[i];
  dst[i] = '\0';
}

u64 MonotonicNanoTime() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

}  // namespace __tlsan

//===-- tlsan_proc_linux.cpp - what /proc says about this process's threads
//===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_proc_linux.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_proc_linux.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

struct LinuxDirent64 {
  u64 d_ino;
  s64 d_off;
  u16 d_reclen;
  u8 d_type;
  char d_name[1];
};

bool ParseUnsigned(const char **p, u64 *out, int base) {
  const char *s = *p;
  u64 v = 0;
  bool any = false;
  if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
  for (;; s++) {
    int d;
    if (*s >= '0' && *s <= '9')
      d = *s - '0';
    else if (base == 16 && *s >= 'a' && *s <= 'f')
      d = *s - 'a' + 10;
    else if (base == 16 && *s >= 'A' && *s <= 'F')
      d = *s - 'A' + 10;
    else
      break;
    v = v * (u64)base + (u64)d;
    any = true;
  }
  *p = s;
  *out = v;
  return any;
}

// Reads <dir>/<tid>/<file> into buf (NUL-terminated); returns the length or
// -1. One openat relative to the task directory, one read.
sptr ReadTaskFile(const TaskDir &dir, int tid, const char *file, char *buf,
                  uptr size) {
  char path[48];
  snprintf(path, sizeof(path), "%d/%s", tid, file);
  int fd = dir.fd() >= 0 ? KeepAboveStdio((int)internal_syscall6(
                               SYS_openat, (uptr)dir.fd(), (uptr)path,
                               (uptr)(O_RDONLY | O_CLOEXEC), 0))
                         : -1;
  if (fd < 0) return -1;
  sptr n = internal_read(fd, buf, size - 1);
  internal_close(fd);
  if (n < 0) return -1;
  buf[n] = '\0';
  return n;
}

}  // namespace

TaskDir::TaskDir(bool open) : fd_(-1) {
  if (open) Open();
}

void TaskDir::Open() {
  if (fd_ < 0) fd_ = internal_open("/proc/self/task", O_RDONLY | O_DIRECTORY);
}

TaskDir::~TaskDir() {
  if (fd_ >= 0) internal_close(fd_);
}

bool TaskExists(const TaskDir &dir, int tid) {
  if (dir.fd() < 0) return true;  // cannot tell: assume it does
  char name[16];
  snprintf(name, sizeof(name), "%d", tid);
  return internal_syscall6(SYS_faccessat, (uptr)dir.fd(), (uptr)name, F_OK,
                           0) == 0;
}

int ProcessThreadCount() {
  // /proc/self/status, not stat: stat sums CPU times over every thread.
  char buf[2048];
  int fd = internal_open("/proc/self/status", O_RDONLY);
  if (fd < 0) return -1;
  sptr n = internal_read(fd, buf, sizeof(buf) - 1);
  internal_close(fd);
  if (n <= 0) return -1;
  buf[n] = '\0';
  static const char kKey[] = "\nThreads:";
  for (const char *p = buf; *p; p++) {
    if (internal_strncmp(p, kKey, sizeof(kKey) - 1) != 0) continue;
    p += sizeof(kKey) - 1;
    while (*p == ' ' || *p == '\t') p++;
    u64 count;
    if (!ParseUnsigned(&p, &count, 10) || *p != '\n') return -1;
    return (int)count;
  }
  return -1;
}

bool ListTasks(const TaskDir &dir, ScratchArray<int> *tids) {
  int fd = dir.fd();
  if (fd < 0) return false;
  if (internal_syscall6(SYS_lseek, (uptr)fd, 0, 0 /*SEEK_SET*/) < 0)
    return false;
  char buf[4096];
  for (;;) {
    int n = internal_getdents64(fd, buf, sizeof(buf));
    if (n <= 0) break;
    for (int off = 0; off < n;) {
      LinuxDirent64 *d = (LinuxDirent64 *)(buf + off);
      off += d->d_reclen;
      const char *p = d->d_name;
      u64 tid;
      if (ParseUnsigned(&p, &tid, 10) && *p == '\0') tids->PushBack((int)tid);
    }
  }
  return true;
}

bool ReadTaskSchedstat(const TaskDir &dir, int tid, u64 *cpu_ns, u64 *runs) {
  char buf[128];
  if (ReadTaskFile(dir, tid, "schedstat", buf, sizeof(buf)) <= 0) return false;
  // "<cpu ns> <wait ns> <timeslices>\n"
  const char *p = buf;
  u64 wait_ns;
  if (!ParseUnsigned(&p, cpu_ns, 10) || *p != ' ') return false;
  p++;
  if (!ParseUnsigned(&p, &wait_ns, 10) || *p != ' ') return false;
  p++;
  return ParseUnsigned(&p, runs, 10);
}

bool ReadTaskStat(const TaskDir &dir, int tid, TaskStat *st) {
  char buf[512];
  st->state = 0;
  st->cpu_ticks = 0;
  st->kernel_flags = 0;
  if (ReadTaskFile(dir, tid, "stat", buf, sizeof(buf)) <= 0) return false;
  // "tid (comm) S ppid ...": comm may contain spaces and parentheses, so
  // parse from the last ')'.
  const char *p = nullptr;
  for (const char *q = buf; *q; q++)
    if (*q == ')') p = q;
  if (!p || p[1] != ' ') return false;
  p += 2;
  st->state = *p;
  // Fields after the state: ppid pgrp session tty_nr tpgid flags minflt
  // cminflt majflt cmajflt utime stime -> flags is the 6th after state,
  // utime the 11th.
  int field = 0;
  u64 utime = 0, stime = 0;
  for (; *p; p++) {
    if (*p != ' ') continue;
    field++;
    const char *v = p + 1;
    if (field == 6) ParseUnsigned(&v, &st->kernel_flags, 10);
    if (field == 11) ParseUnsigned(&v, &utime, 10);
    if (field == 12) {
      ParseUnsigned(&v, &stime, 10);
      break;
    }
  }
  st->cpu_ticks = utime + stime;
  return true;
}

bool ReadTaskSyscall(const TaskDir &dir, int tid, TaskSyscall *sc) {
  char buf[256];
  sc->nr = -1;
  for (int i = 0; i < 6; i++) sc->args[i] = 0;
  sc->sp = 0;
  sc->pc = 0;
  sc->running = false;
  if (ReadTaskFile(dir, tid, "syscall", buf, sizeof(buf)) <= 0) return false;
  // "running", "-1 sp pc" (blocked, not in a syscall), or
  // "nr a1 a2 a3 a4 a5 a6 sp pc".
  const char *p = buf;
  if (*p == '-') {
    while (*p && *p != ' ') p++;
  } else if (*p >= '0' && *p <= '9') {
    u64 nr;
    if (!ParseUnsigned(&p, &nr, 10)) return true;
    sc->nr = (long)nr;
    for (int i = 0; i < 6 && *p == ' '; i++) {
      p++;
      u64 v;
      ParseUnsigned(&p, &v, 16);
      sc->args[i] = (uptr)v;
    }
  } else {
    sc->running = internal_strncmp(p, "running", 7) == 0;
    return true;
  }
  u64 sp;
  if (*p != ' ') return true;
  p++;
  if (ParseUnsigned(&p, &sp, 16)) sc->sp = (uptr)sp;
  u64 pc;
  if (*p != ' ') return true;
  p++;
  if (ParseUnsigned(&p, &pc, 16)) sc->pc = (uptr)pc;
  return true;
}

bool ReadTaskComm(const TaskDir &dir, int tid, char *buf, uptr size) {
  sptr n = ReadTaskFile(dir, tid, "comm", buf, size);
  if (n <= 0) return false;
  if (buf[n - 1] == '\n') buf[n - 1] = '\0';
  return true;
}

bool ReadLink(const char *path, char *buf, uptr size) {
  if (size < 2) return false;
  sptr n = internal_syscall6(SYS_readlinkat, (uptr)AT_FDCWD, (uptr)path,
                             (uptr)buf, size - 1);
  bool ok = !internal_iserror(n) && n > 0;
  buf[ok ? n : 0] = '\0';
  return ok;
}

bool ReadFdLink(int fd, char *buf, uptr size) {
  if (fd < 0) return false;
  char path[48];
  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  return ReadLink(path, buf, size);
}

bool ReadProgramPath(char *buf, uptr size) {
  return ReadLink("/proc/self/exe", buf, size);
}

}  // namespace __tlsan

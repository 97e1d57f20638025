//===-- tlsan_report_sink.cpp - where finished reports go -----------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_report_sink.h.
//
// Called by the report writers from the leak pass only (it calls
// fflush(nullptr), so it is not async-signal-safe). A file report is whole
// or absent: if the write fails part-way (full disk, quota), the file is cut
// back to its previous size and the report goes to stderr instead.
//
//===----------------------------------------------------------------------===//
#include "tlsan_report_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

const char *ErrnoName(int e) {
  switch (e) {
    case ENOENT: return "No such file or directory";
    case EACCES: return "Permission denied";
    case EPERM: return "Operation not permitted";
    case EROFS: return "Read-only file system";
    case ENOSPC: return "No space left on device";
    case EDQUOT: return "Disk quota exceeded";
    case EFBIG: return "File too large";
    case EIO: return "Input/output error";
    case EISDIR: return "Is a directory";
    case ENOTDIR: return "Not a directory";
    case ENAMETOOLONG: return "File name too long";
    case EMFILE: return "Too many open files";
    case EBADF: return "Bad file descriptor";
    case EPIPE: return "Broken pipe";
    default: return nullptr;
  }
}

// Writes the report to stderr after a line saying why. Always false.
bool FallBackToStderr(const char *path, int err, const char *data, uptr size) {
  const char *reason = ErrnoName(err);
  char num[32];
  if (!reason) {
    snprintf(num, sizeof(num), "errno %d", err);
    reason = num;
  }
  Report("WARNING: ThreadLeakSanitizer: cannot write report to '%s' (%s); "
         "writing it to stderr\n",
         path, reason);
  internal_write_all(StderrFd(), data, size);
  return false;
}

}  // namespace

bool WriteToReportSink(const char *log_path, const char *data, uptr size) {
  // The program's buffered output goes first, so the report follows it.
  fflush(nullptr);
  if (!log_path || !*log_path || internal_strcmp(log_path, "stderr") == 0)
    return internal_write_all(StderrFd(), data, size);
  if (internal_strcmp(log_path, "stdout") == 0) {
    int err = internal_write_file(1, data, size);
    return err == 0 || FallBackToStderr("stdout", -err, data, size);
  }

  char path[4096];
  int n = snprintf(path, sizeof(path), "%s.%d", log_path, GetPid());
  if (n < 0 || (uptr)n >= sizeof(path))
    return FallBackToStderr(log_path, ENAMETOOLONG, data, size);
  int fd = internal_open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return FallBackToStderr(path, -fd, data, size);

  // Remember the size so that a partial write can be undone. The file is
  // named after our pid, so no other process appends to it meanwhile.
  struct stat st;
  sptr old_size = -1;
  if (!internal_iserror(internal_syscall6(SYS_fstat, fd, (uptr)&st)))
    old_size = (sptr)st.st_size;
  // SIGXFSZ cannot kill the process here: past RLIMIT_FSIZE this is EFBIG.
  int err = internal_write_file(fd, data, size);
  if (err != 0 && old_size >= 0)
    internal_syscall6(SYS_ftruncate, fd, (uptr)old_size);
  internal_close(fd);
  return err == 0 || FallBackToStderr(path, -err, data, size);
}

}  // namespace __tlsan

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

// The file log_path names: "<log_path>.<pid>", or "<dir>/tlsan.<pid>" when
// log_path ends with '/' (".sarif" added for SARIF, the name code-scanning
// uploads look for). Opened with `flags`; returns the fd or -errno.
int OpenLogFile(const char *log_path, bool sarif, char *path, uptr size,
                int flags) {
  uptr len = internal_strlen(log_path);
  bool dir = len > 0 && log_path[len - 1] == '/';
  int n = snprintf(path, size, dir ? "%stlsan.%d%s" : "%s.%d%s", log_path,
                   GetPid(), dir && sarif ? ".sarif" : "");
  if (n < 0 || (uptr)n >= size) {
    internal_strlcpy(path, log_path, size);
    return -ENAMETOOLONG;
  }
  return internal_open(path, flags, 0644);
}

bool IsStdout(const char *log_path) {
  return log_path && internal_strcmp(log_path, "stdout") == 0;
}

bool WriteToStream(const char *log_path, const char *data, uptr size) {
  if (!IsStdout(log_path)) return internal_write_all(StderrFd(), data, size);
  int err = internal_write_file(1, data, size);
  return err == 0 || FallBackToStderr("stdout", -err, data, size);
}

sptr FileSize(int fd) {
  struct stat st;
  if (internal_iserror(internal_syscall6(SYS_fstat, fd, (uptr)&st))) return -1;
  return (sptr)st.st_size;
}

// SARIF: `data` is one log, `{... "runs":[RUN]}\n`. If the file already
// ends a log this process wrote (`]}\n`), RUN joins that log's runs; else
// the log is appended whole. Returns the write's -errno, or 0.
int MergeSarifLog(int fd, sptr old_size, const char *data, uptr size) {
  static const char kRuns[] = "\"runs\":[";
  const char *runs = internal_strstr(data, kRuns);
  char tail[3] = {};
  bool merge = old_size >= 3 && runs && size >= 3 &&
               internal_syscall6(SYS_pread64, fd, (uptr)tail, 3,
                                 (uptr)(old_size - 3)) == 3 &&
               tail[0] == ']' && tail[1] == '}' && tail[2] == '\n';
  if (!merge) {
    internal_syscall6(SYS_lseek, fd, (uptr)old_size, SEEK_SET);
    return internal_write_file(fd, data, size);
  }
  internal_syscall6(SYS_ftruncate, fd, (uptr)(old_size - 3));
  internal_syscall6(SYS_lseek, fd, (uptr)(old_size - 3), SEEK_SET);
  int err = internal_write_file(fd, ",", 1);
  const char *run = runs + sizeof(kRuns) - 1;
  if (err == 0) err = internal_write_file(fd, run, size - (uptr)(run - data));
  return err;
}

}  // namespace

bool ReportSinkIsStderr(const char *log_path) {
  return !log_path || !*log_path || internal_strcmp(log_path, "stderr") == 0;
}

bool WriteToReportSink(const char *log_path, const char *data, uptr size,
                       bool sarif) {
  // The program's buffered output goes first, so the report follows it.
  fflush(nullptr);
  if (ReportSinkIsStderr(log_path) || IsStdout(log_path))
    return WriteToStream(log_path, data, size);
  char path[4096];
  int flags = sarif ? O_RDWR | O_CREAT : O_WRONLY | O_CREAT | O_APPEND;
  int fd = OpenLogFile(log_path, sarif, path, sizeof(path), flags);
  if (fd < 0) return FallBackToStderr(path, -fd, data, size);
  // Remember the size so that a partial write can be undone. The file is
  // named after our pid, so no other process writes to it meanwhile.
  sptr old_size = FileSize(fd);
  // SIGXFSZ cannot kill the process here: past RLIMIT_FSIZE this is EFBIG.
  int err = sarif && old_size >= 0 ? MergeSarifLog(fd, old_size, data, size)
                                   : internal_write_file(fd, data, size);
  if (err != 0 && old_size >= 0)
    internal_syscall6(SYS_ftruncate, fd, (uptr)old_size);
  internal_close(fd);
  return err == 0 || FallBackToStderr(path, -err, data, size);
}

}  // namespace __tlsan

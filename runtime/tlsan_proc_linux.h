//===-- tlsan_proc_linux.h - what /proc says about this process's threads -===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Readers of /proc/self/task/<tid>/{stat,syscall,comm}, used by the leak pass
// (which threads exist) and the classifier (what a thread is doing). Raw
// system calls only; no allocation beyond the caller's buffers. Leak pass
// only: never on a hot path.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_PROC_LINUX_H
#define TLSAN_PROC_LINUX_H

#include "tlsan_buffer.h"
#include "tlsan_internal.h"

namespace __tlsan {

// An open /proc/self/task directory, so that per-thread files are opened
// relative to it (openat) instead of by full path. Closed on destruction.
class TaskDir {
 public:
  explicit TaskDir(bool open = true);
  ~TaskDir();
  // Opens the directory if it is not open yet.
  void Open();
  TaskDir(const TaskDir &) = delete;
  TaskDir &operator=(const TaskDir &) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Appends the tid of every thread of this process. False if /proc is not
// readable (then nothing is appended).
bool ListTasks(const TaskDir &dir, ScratchArray<int> *tids);

// Whether thread `tid` of this process still exists (one faccessat, no
// directory listing).
bool TaskExists(const TaskDir &dir, int tid);

// How many threads the process has (Threads: of /proc/self/status), or -1
// if unreadable. One small read, where listing /proc/self/task costs a
// dentry lookup per thread.
int ProcessThreadCount();

struct TaskStat {
  char state;        // 'R' running, 'S' sleeping, 'D' disk sleep, 'T'... ; 0
                     // if the thread is gone
  u64 cpu_ticks;     // utime + stime, in clock ticks
  u64 kernel_flags;  // the kernel's PF_* flags of the task
};
bool ReadTaskStat(const TaskDir &dir, int tid, TaskStat *st);

// The system call a blocked thread is in: nr >= 0 with its 6 arguments; -1
// when it is not in a system call (or "running"); false if unreadable.
// sp: the user stack pointer where the thread stopped (entered the system
// call, or was stopped), 0 when the kernel did not say (running is true:
// the thread is on a CPU, so the kernel does not stop it to look).
// pc: the user instruction pointer there (after the `syscall` instruction:
// the code that made the call), 0 when the kernel did not say.
struct TaskSyscall {
  long nr;
  uptr args[6];
  uptr sp;
  uptr pc;
  bool running;
};
bool ReadTaskSyscall(const TaskDir &dir, int tid, TaskSyscall *sc);

// How much the thread has run: CPU time in ns and how many times it was put
// on a CPU (/proc/<tid>/schedstat: each wakeup counts). False if the file
// is unreadable (a kernel without schedstats) or the thread is gone.
bool ReadTaskSchedstat(const TaskDir &dir, int tid, u64 *cpu_ns, u64 *runs);

// The thread's name (comm). False if the thread is gone.
bool ReadTaskComm(const TaskDir &dir, int tid, char *buf, uptr size);

// What this process's descriptor `fd` is, as /proc/self/fd/<fd> links it:
// "pipe:[123]", "socket:[456]", "anon_inode:[eventpoll]", "/tmp/x".
// NUL-terminated (truncated to size); false if the link cannot be read.
// Report time only (one readlink).
bool ReadFdLink(int fd, char *buf, uptr size);
// The target of symlink `path`, NUL-terminated in buf[0..size); false (and
// "") if unreadable or empty. Raw syscall: safe in init and in reports.
bool ReadLink(const char *path, char *buf, uptr size);
// The executable's path (/proc/self/exe), as ReadLink.
bool ReadProgramPath(char *buf, uptr size);

}  // namespace __tlsan

#endif  // TLSAN_PROC_LINUX_H

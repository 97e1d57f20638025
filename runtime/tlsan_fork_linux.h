//===-- tlsan_fork_linux.h - knowing a forked child without atfork --------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A child made by glibc's fork() runs tlsan's pthread_atfork handler; one
// made by a raw syscall(SYS_fork), or clone() without CLONE_VM, does not,
// and would otherwise inherit the parent's thread records: threads that do
// not exist in it. This tells the two processes apart with one load: a word
// on a page the kernel zero-fills in every child (MADV_WIPEONFORK, Linux
// 4.14), set to 1 in the process that owns the records. Where the kernel
// refuses the advice, the pid is compared instead (a system call).
//
// Contract: InitializeForkDetection once, from Initialize; then
// InNewProcess is lock-free, allocation-free and async-signal-safe.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_FORK_LINUX_H
#define TLSAN_FORK_LINUX_H

#include "tlsan_internal.h"

namespace __tlsan {

// Maps the wipe-on-fork page and marks this process as the owner.
void InitializeForkDetection();

// InNewProcess: whether this process was forked since the records were last
// claimed for a process (MarkProcessOwned). False before initialization.
//
// Example:
//   if (TLSAN_UNLIKELY(InNewProcess())) ForgetParentThreads();
bool InNewProcess();

// The calling process owns the records from now on (after forgetting the
// parent's threads).
void MarkProcessOwned();

}  // namespace __tlsan

#endif  // TLSAN_FORK_LINUX_H

//===-- tlsan_classifier.h - a verdict for every leaked thread ------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Takes the leak pass's candidates and decides, for each, what it is doing:
// finished (left its start routine, never joined), running (on the CPU or
// runnable), or blocked, and on what. Sources, best first: the blocking
// region the thread published from an interceptor (ThreadRecord::blocking);
// /proc/self/task/<tid>/syscall and stat. Then orders the leaks into report
// groups: threads created at the same place in the same state are one group.
//
// Contract: leak pass only; reads /proc with raw syscalls; no allocation
// beyond the LeakSet's scratch memory.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_CLASSIFIER_H
#define TLSAN_CLASSIFIER_H

#include "tlsan_leak.h"

namespace __tlsan {

// Fills state, blocked_on, name and cpu_ticks of every leak, sorts the leaks
// by group and sets LeakedThread::group and LeakSet::groups (GroupLeaks,
// with group_stack = the thread's own creation stack).
void ClassifyLeaks(LeakSet *set);

// Where each thread blocked in an interceptor waits: its stack, unwound from
// the interceptor's frame (blocked_on.stack_id). Each unwind reads the other
// thread's stack with a system call, a few microseconds: with
// every_thread=false only the first thread of each group is unwound, which
// is all the text report shows ("And N more similar thread leaks"); the
// structured outputs (JSON, SARIF, __tlsan_check's callbacks) need every
// thread's. Run it last, after suppressions have removed what they remove.
void UnwindBlockedStacks(LeakSet *set, bool every_thread);

// Sorts the leaks into report groups (root causes first; then same
// group_stack, state and blocking call) and numbers them. Run again after
// group_stack changed.
//   Example: if (MergeSameSourceStacks(&set, &symbols)) GroupLeaks(&set);
void GroupLeaks(LeakSet *set);

// The name and blocking kind of x86_64 system call `nr` ("syscall" kind and
// nullptr name for calls the table does not know). Exposed for tests.
const char *SyscallName(long nr, BlockingKind *kind, int *object_arg);

}  // namespace __tlsan

#endif  // TLSAN_CLASSIFIER_H

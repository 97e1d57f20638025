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
#include "tlsan_proc_linux.h"

namespace __tlsan {

// Fills state, blocked_on, name and cpu_ticks of every leak, sorts the leaks
// by group and sets LeakedThread::group and LeakSet::groups (GroupLeaks,
// with group_stack = the thread's own creation stack). Reads this process:
// /proc/self/task, the registry, samples of running threads.
void ClassifyLeaks(LeakSet *set);

// A record as the registry holds it now (the snapshot may be older).
struct RecordNow {
  u32 status;
  u32 generation;
  u32 blocking_seq;  // BlockingInfo::seq
};

// What the classifier reads beside the snapshot: ClassifyLeaks(set) builds
// this process's source in one place (ProcessSource in
// tlsan_classifier.cpp); tests/unit/classifier_test.cpp passes made-up
// facts. Every function is called with `ctx`.
struct ClassifierSource {
  // /proc/self/task/<tid>/{stat,syscall,comm} (tlsan_proc_linux.h); false
  // if the thread is gone.
  bool (*task_stat)(int tid, TaskStat *st, void *ctx);
  bool (*task_syscall)(int tid, TaskSyscall *sc, void *ctx);
  bool (*task_comm)(int tid, char *buf, uptr size, void *ctx);
  // The registry's record at `index` now; false if there is none.
  bool (*record_now)(u32 index, RecordNow *now, void *ctx);
  // Interrupts running thread `tid` once for its stack
  // (SampleRunningThreadStack): a depot id or 0; *sp, if not null, gets its
  // stack pointer.
  u32 (*sample_stack)(int tid, uptr *sp, void *ctx);
  const TaskDir *dir;  // for the wait graph (AnalyzeWaitGraph)
  void *ctx;
};

// ClassifyLeaks reading `src`. For each leak, best source first:
//   finished record -> finished; no tid yet -> running;
//   a published blocking region (unless a longjmp left it: stale) ->
//     blocked on what the interceptor named;
//   /proc: gone or zombie -> finished; 'R' -> running; stopped -> blocked
//     ("stopped"); in a system call -> blocked on it; else running.
// Then drops the leaks whose record was released or ignored since (or,
// finished, detached or being joined), runs the wait graph and groups.
// Example: ClassifyLeaks(&set, FakeFacts(&facts));
void ClassifyLeaks(LeakSet *set, const ClassifierSource &src);

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

//===-- tlsan_leak.h - what the leak pass hands to the report ------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The plain structs that flow down the pipeline:
//   leak pass -> filters -> classifier (LeakedThread) -> model (its
//   sentence, tlsan_leak_model.h) -> report writers.
// Each stage fills its own fields and never calls back up.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_LEAK_H
#define TLSAN_LEAK_H

#include "tlsan_buffer.h"
#include "tlsan_internal.h"
#include "tlsan_thread_record.h"

namespace __tlsan {

// The verdict on one leaked thread.
enum LeakState : u8 {
  kLeakRunning = 0,   // on the CPU or runnable
  kLeakBlocked = 1,   // waiting (see BlockedOn)
  kLeakFinished = 2,  // left its start routine, never joined nor detached
};
const char *LeakStateName(LeakState s);  // "running", "blocked", "finished"

// What a blocked thread waits on. The JSON report's `blocked_on.kind`.
enum BlockingKind : u16 {
  kBlockNone = 0,
  kBlockMutex,
  kBlockRwlock,
  kBlockCondvar,
  kBlockSemaphore,
  kBlockBarrier,
  kBlockJoin,
  kBlockSleep,
  kBlockIo,
  kBlockFutex,
  kBlockWait,
  kBlockSignal,
  kBlockSyscall,
};
const char *BlockingKindName(BlockingKind k);  // "mutex", ... "syscall"

struct BlockedOn {
  BlockingKind kind;
  const char *call;  // static string: "pthread_cond_wait", "futex", "read"
  uptr object;       // 0 when unknown
  bool has_object;
  u32 fd_count;           // readiness waits (poll, select...): how many
                          // descriptors it waits on, `object` being the lowest
                          // (poll: the first); 0 when unknown or not one
  int owner_tid;          // 0 when unknown
  s64 since_ms;           // -1 when unknown
  u32 stack_id;           // depot id of the thread's current stack: where it
                          // blocks, or, for a running thread, where it runs
                          // (tlsan_sample_linux.h); 0 if unknown
  uptr frame;             // the interceptor's frame (for unwinding), 0 if none
  uptr pc;                // read from /proc: the code that made the system call
                          // (no interceptor saw it); 0 otherwise
  bool from_interceptor;  // published by an interceptor (else read from
                          // /proc: call is the system call's name)
};

// Why a blocked thread can never wake up, when the wait-for graph tells
// (tlsan_wait_graph.h). Reported first: these are root causes.
enum WaitCause : u8 {
  kCauseNone = 0,
  kCauseDeadlock,      // part of a cycle of threads waiting on each other
  kCauseSelfDeadlock,  // waits on a lock it holds itself
  kCauseAbandoned,     // waits on a lock held by a thread that is gone
  kCauseChain,         // waits on a thread that is itself leaked
};
const char *WaitCauseName(WaitCause c);  // "deadlock", ... ; null for none

static constexpr uptr kMaxCycle = 16;

struct LeakedThread {
  ThreadSnapshot thread;
  LeakState state;
  BlockedOn blocked_on;
  char name[kThreadNameSize];  // record name, else /proc comm if it differs
                               // from the process's; "" when unnamed
  bool foreign;                // not created through an intercepted call
  u64 cpu_ticks;               // utime+stime from /proc (running threads)
  u64 cpu_ticks_first;         // 1 + cpu_ticks at the pass's first look
                               // (0: not read)
  bool spinning;               // running, and used CPU during the pass
  u32 group;                   // report group (same creation stack & state)
  u32 group_stack;             // the creation stack the grouping compares:
                               // its own, or an equal one by source
                               // (MergeSameSourceStacks, tlsan_report.h)
  u32 scope;  // scope id at creation (0 = none); its name is the test
  // The wait-for graph's verdict (tlsan_wait_graph.cpp).
  WaitCause cause;
  u32 owner_uid;         // T<n> of the owner, kUnknownUid if unknown
  bool owner_leaked;     // the owner is itself a leaked thread
  u8 cycle_size;         // kCauseDeadlock: threads in the cycle
  int cycle[kMaxCycle];  // their tids, starting with this thread
  u32 suppression;       // 1 + index of the suppression or built-in
                         // filter that matched it, 0: none
                         // (tlsan_suppressions.h)
  // What it is doing, in words every writer prints as is: "blocked in
  // pthread_join on join 0x.., waiting for thread T1 (tid=12), for 40 ms"
  // (DescribeLeaks, tlsan_leak_model.h), kept in LeakSet::sentences (a
  // pointer, not an array: the leak pass sorts these records by value).
  // Null until the model stage.
  const char *sentence;
};

// Which kind of check produced the leaks; changes the report's wording.
enum CheckKind : u8 {
  kCheckAtExit,     // process exit
  kCheckOnDemand,   // __tlsan_do_leak_check / recoverable / __tlsan_check
  kCheckExitStuck,  // exit is blocked on a leaked thread
  kCheckDeadlock,   // a cycle of waits found while the program runs
                    // (tlsan_deadlock.h): `leaks` holds the cycle's
                    // threads and those waiting on them
  kCheckHang,       // hang_timeout_ms: no thread made progress
                    // (tlsan_hang.cpp): `leaks` holds every thread
  kCheckDump,       // dump_signal: every thread, and the program goes on
};

struct LeakSet {
  ScratchArray<LeakedThread> leaks;
  TextBuffer sentences;  // every leak's `sentence`, NUL-separated
  CheckKind kind = kCheckOnDemand;
  // kCheckExitStuck: what exit waits on, e.g. "pthread_join of T3".
  char stuck_note[160] = {};
  uptr groups = 0;
  uptr deadlocked = 0;  // threads in deadlock cycles (self-deadlocks too)
  // kCheckDeadlock: the cycle in wait order ("T1 'a' -> mutex 0x... held by
  // T2 -> ..."), how many threads it has, and the test or scope that was
  // running when it was found (0: none).
  char cycle_note[512] = {};
  u8 cycle_size = 0;
  u32 scope = 0;
  // kCheckHang: how long no thread made progress; kCheckDump: the signal.
  u64 idle_ms = 0;
  int signal = 0;
};

}  // namespace __tlsan

#endif  // TLSAN_LEAK_H

//===-- tlsan_thread_record.h - the shadow record of one thread -----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// One ThreadRecord per thread the runtime knows about. Records live in the
// registry's mmap'd chunks (tlsan_registry.h) and are recycled; a record is
// identified by (index, generation) so that a reused slot never aliases a
// thread that is gone.
//
// Who writes what:
//   * the creating thread fills the identity fields (uid, creator, creation
//     stack...) while the record is kCreated, before the thread runs;
//   * the thread itself sets tid and moves kCreated -> kRunning -> kFinished,
//     publishes its blocking region (BlockingRegion) and its name;
//   * joiners and detachers set kJoined / kDetached in `status`.
// Readers (the leak pass) copy a record with Registry::SnapshotOne and keep the
// copy only if the generation did not change while they read it.
//
// `status` packs the lifecycle state and the flags into one word so that
// "finished and detached" or "joined" is decided by exactly one CAS: the
// thread that makes the record releasable releases it.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_THREAD_RECORD_H
#define TLSAN_THREAD_RECORD_H

#include "tlsan_internal.h"

namespace __tlsan {

// Lifecycle of a record (low 4 bits of ThreadRecord::status).
//
//   state      | meaning                                    | next
//   -----------+--------------------------------------------+-----------------
//   kFree      | in the free list; fields are stale         | kCreated
//   kCreated   | pthread_create claimed it; thread not yet  | kRunning, kFree
//              | started (kFree if creation failed)         |
//   kRunning   | the thread runs its start routine (it may  | kFinished
//              | be blocked: see ThreadRecord::blocking)    |
//   kFinished  | left its start routine (returned,          | kFree once
//              | pthread_exit, cancelled); kernel thread    | joined or
//              | may still be tearing down                  | detached
enum ThreadState : u32 {
  kFree = 0,
  kCreated = 1,
  kRunning = 2,
  kFinished = 3,
};

// Flags in the upper bits of ThreadRecord::status.
enum ThreadFlags : u32 {
  kStateMask = 0xf,
  kJoined = 1u << 4,    // pthread_join/thrd_join succeeded (record released)
  kDetached = 1u << 5,  // detached at creation or by pthread_detach
  kIgnored = 1u << 6,   // __tlsan_ignore_thread, or created while disabled
  kMain = 1u << 7,      // the process's main thread
  kForeign = 1u << 8,   // existed before tlsan started, or was found in
                        // /proc/self/task: no creation stack, no pthread_t
  kJoining = 1u << 10,  // a join of it is in progress (cleared if it fails):
                        // once finished it is gone, even before the joiner
                        // releases the record
  kKernelWorker = 1u << 11,  // a foreign thread that is the kernel's, not
                             // the program's (io_uring's iou-wrk-*,
                             // iou-sqp-*): never reported
};

// What a thread is blocked on, published by the blocking-primitive
// interceptors through BlockingRegion (instrumentation/tlsan_blocking.h);
// kind == 0: not inside an instrumented blocking call. Written only by the
// thread itself; `seq` is odd while it is being written (a seqlock for the
// leak pass).
struct BlockingInfo {
  u32 seq;
  u16 kind;          // BlockingKind (tlsan_leak.h); 0 = none
  u16 jumps;         // ThreadRecord::jumps when the region was entered
  const char *call;  // the intercepted function's name (static string)
  uptr object;       // the mutex, condvar, semaphore, fd (as an integer)...
                     // or kObjectInSyscallArgs
  uptr caller_pc;    // where the user called the blocking function
  uptr frame;        // the interceptor's frame address: the leak pass
                     // unwinds the blocked thread's stack from here
  u64 since;         // CheapTimestamp() when it started to wait
};

// BlockingInfo::object of a readiness wait (poll, ppoll, select, pselect):
// the descriptors it waits on are in the caller's memory, which the
// interceptor must not read (a bad pointer has to stay the call's EFAULT,
// not become a SIGSEGV in tlsan). The classifier finds them at the check,
// from the system call's arguments and SafeRead (tlsan_classifier.cpp).
static constexpr uptr kObjectInSyscallArgs = ~(uptr)0;

static constexpr uptr kThreadNameSize = 16;  // the kernel's TASK_COMM_LEN
// parent_uid of a thread whose creator tlsan does not track.
static constexpr u32 kUnknownUid = ~0u;

struct ThreadRecord {
  u32 status;          // ThreadState | ThreadFlags, atomically updated
  u32 generation;      // incremented each time the slot is released
  u32 uid;             // creation order: T<uid>; 0 is the main thread
  s32 tid;             // kernel thread id; 0 until the thread has started
  uptr handle;         // PackHandle(generation, pthread_t); pthread_t 0 for
                       // foreign threads and until the creator or the thread
                       // itself has stored it (see Registry::SetHandle)
  u32 index;           // the slot's index in the registry (constant)
  u32 creation_stack;  // stack depot id of the creation stack, or 0
  u32 parent_uid;
  s32 parent_tid;  // the creator's kernel tid (pid for the main thread)
  u32 scope;  // id of the scope (tlsan_scope.h) open at creation, 0 if none
  u64 handle_seq;  // Registry::SetHandle's counter when `handle` was
                   // stored: of two live records with the same pthread_t,
                   // the later one has it now (creation order is not the
                   // order in which glibc hands out pthread_t values)
  u64 create_ns;   // CheapTimestamp() at creation
  u64 finish_ns;   // MonotonicNanoTime() when it left the start routine
  // longjmp/siglongjmp calls the thread made (low bits): a region entered
  // at the same count cannot have been left by a jump. Written by the
  // thread only.
  u32 jumps;
  uptr stack_top;  // above every frame of the thread's own code (the
                   // trampoline's frame; the main thread's initial stack
                   // pointer), set by the thread before its code runs; 0
                   // when unknown (foreign threads)
  // The start routine and its argument, handed to the trampoline.
  void *(*start_routine)(void *);
  void *arg;
  // Name from pthread_setname_np / prctl(PR_SET_NAME); "" if never set.
  // Written with relaxed stores, read by the leak pass: a torn read can
  // only produce a mix of two names the thread really had.
  char name[kThreadNameSize];
  BlockingInfo blocking;
  u32 next_free;  // free-list link (index + 1; 0 = end)
  u32 padding;
};

// ThreadRecord::handle packs the pthread_t (an address: 48 bits) with the
// low 16 bits of the record's generation, so that a compare-and-swap from
// "this generation, no handle yet" can never land in a recycled record.
TLSAN_ALWAYS_INLINE uptr PackHandle(u32 generation, uptr pthread) {
  return ((uptr)(generation & 0xffff) << 48) | (pthread & ((1ull << 48) - 1));
}
TLSAN_ALWAYS_INLINE uptr HandleOf(uptr packed) {
  return packed & ((1ull << 48) - 1);
}

// The leak pass's copy of a record, taken by Registry::Snapshot().
struct ThreadSnapshot {
  u32 status;
  u32 generation;
  u32 uid;
  s32 tid;
  uptr handle;  // the pthread_t (unpacked)
  u32 index;
  u32 creation_stack;
  u32 parent_uid;
  s32 parent_tid;
  u32 scope;
  u64 create_ns;
  u64 finish_ns;
  uptr stack_top;
  uptr start_routine;  // ThreadRecord::start_routine; 0 for foreign threads
  u32 jumps;  // ThreadRecord::jumps (low 16 bits compare with blocking's)
  char name[kThreadNameSize];
  BlockingInfo blocking;

  ThreadState state() const { return (ThreadState)(status & kStateMask); }
  bool has(u32 flag) const { return (status & flag) != 0; }
};

}  // namespace __tlsan

#endif  // TLSAN_THREAD_RECORD_H

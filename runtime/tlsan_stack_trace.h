//===-- tlsan_stack_trace.h - capture the current thread's stack ----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Creation stacks must be whole even when the calls pass through libraries
// built without frame pointers (libstdc++'s std::thread, libc, Debian's
// libzmq...), so capture follows the DWARF call frame information (.eh_frame),
// never the frame-pointer chain. Three parts:
//   tlsan_unwind_cfi.h    the CFI of one return address as one unwind Rule;
//   tlsan_unwind_cache.h  those rules cached by return address (lock-free);
//   this file             the unwinders: this thread's stack (CaptureStack,
//                         CaptureStackFromContext) and another thread's
//                         (BlockedStackUnwinder), one step function for all.
//
// Never fault while looking (the stack may be a fiber's, set up by hand):
//   * a return address in no executable segment of a loaded object ends the
//     stack and is not reported (a fiber's garbage outermost return address);
//   * stack memory is read only where known to be mapped: the page the
//     capture runs on, then each further page checked once by a system call
//     (the range is remembered per thread), another thread's through
//     SafeRead; every read is 8-aligned, at or above the frame's sp, the CFA
//     grows at each step, and at most 64 MiB above the first frame;
//   * depth is bounded by max_depth (at most kMaxStackDepth);
//   * libgcc's _Unwind_Backtrace is used only when a frame's rule is one
//     tlsan does not take (a signal frame 'S', a CFA by expression: PLT
//     stubs, stack-realigning functions; x86_64 keeps it as the only path on
//     other architectures), and then behind a guard that, before libgcc
//     looks at a caller, steps to it with tlsan's own rule through checked
//     reads and ends the stack if it is not code. What the guard cannot
//     check (the caller of a frame only libgcc understands) is libgcc's.
//
// Contract: does not allocate, takes no lock of tlsan's (a cache miss, like
// the slow path, runs libgcc's FDE lookup); thread-safe; not
// async-signal-safe except CaptureStackFromContext. Called on thread
// creation and by the leak pass.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_STACK_TRACE_H
#define TLSAN_STACK_TRACE_H

#include "tlsan_internal.h"

namespace __tlsan {

// CaptureStack: writes up to max_depth (at most kMaxStackDepth) return
// addresses, innermost first, into pcs and returns the count.
// Frames are skipped until the one whose pc is `skip_until_pc`, which is kept
// as the first frame (pass __builtin_return_address(0) of the interceptor, so
// the stack starts at the interceptor's caller). If that address is not among
// the first 9 frames (CaptureStack's own included), or the stack ends first,
// only CaptureStack's own frame is dropped. skip_until_pc == 0 keeps every
// frame, CaptureStack's own (a pc inside CaptureStack) included.
//
// Example:
//   uptr pcs[kMaxStackDepth];
//   u32 n = CaptureStack(pcs, kMaxStackDepth,
//                        (uptr)__builtin_return_address(0));
//   // pcs[0] is the return address into our caller.
u32 CaptureStack(uptr *pcs, u32 max_depth, uptr skip_until_pc);

// CaptureStackToDepot: captures the caller's stack (as above) and stores it
// in the stack depot. Returns the depot id, or 0.
//
// Example:
//   r->creation_stack = CaptureStackToDepot(depth, caller_pc);
u32 CaptureStackToDepot(u32 max_depth, uptr skip_until_pc);

// CaptureStackFromContext: the stack of an interrupted context (a signal
// handler's ucontext: pc, sp, bp), with the cached rules only; it ends where
// a rule is not supported. Async-signal-safe once the rules are cached (a
// miss calls _Unwind_Find_FDE). x86_64 only.
//
// Example (in a SA_SIGINFO handler):
//   n = CaptureStackFromContext(uc->uc_mcontext.gregs[REG_RIP], ...);
u32 CaptureStackFromContext(uptr pc, uptr sp, uptr bp, uptr *pcs,
                            u32 max_depth);

// BlockedStackUnwinder: unwinds the stacks of other threads, blocked inside
// an interceptor whose frame address is `frame` (BlockingInfo::frame), with
// the same cached rules; frame 0 is the interceptor's caller. It copies the
// other thread's stack with SafeRead (4 KiB at a time, into one buffer
// reused across calls), so it never faults; the caller checks afterwards
// that the thread was still in that call (its BlockingInfo seq did not
// change). x86_64 only (Unwind returns 0 elsewhere). Leak pass only; one
// instance per pass, not shared between threads.
//
// Example:
//   BlockedStackUnwinder unwinder;
//   u32 n = unwinder.Unwind(snapshot.blocking.frame, pcs, 32);
class BlockedStackUnwinder {
 public:
  BlockedStackUnwinder();
  ~BlockedStackUnwinder();
  BlockedStackUnwinder(const BlockedStackUnwinder &) = delete;
  BlockedStackUnwinder &operator=(const BlockedStackUnwinder &) = delete;
  u32 Unwind(uptr frame, uptr *pcs, u32 max_depth);

  // The unwinder's memory (for its step): the other thread's stack word at
  // addr, false if it cannot be read; no CFA above limit().
  bool Read(uptr addr, uptr *value);
  uptr limit() const { return base_ + kMaxSpan; }

 private:
  static constexpr uptr kChunk = 4096;
  static constexpr uptr kBufferSize = uptr(64) * 1024;
  static constexpr uptr kMaxSpan = uptr(64) << 20;
  char *buf_;
  uptr base_ = 0;
  uptr copied_ = 0;
};

// TestOnlyCaptureStackSlow: CaptureStack done with libgcc's _Unwind_Backtrace
// only (the slow path). Same contract; the frames it returns for the same
// caller must equal CaptureStack's.
//
// Example:
//   u32 n = TestOnlyCaptureStackSlow(pcs, kMaxStackDepth, marker);
u32 TestOnlyCaptureStackSlow(uptr *pcs, u32 max_depth, uptr skip_until_pc);

struct UnwindCacheStats {
  uptr cached_pcs;      // occupied slots of the rule cache
  uptr rules_computed;  // cache misses (FDE lookups) since start or reset
  uptr slow_captures;   // captures that fell back to _Unwind_Backtrace
};

// TestOnlyUnwindCacheStats: counters of the fast path (all zero where there
// is no fast path). Scans the table; not for hot paths.
//
// Example:
//   EXPECT_EQ(TestOnlyUnwindCacheStats().slow_captures, 0u);
UnwindCacheStats TestOnlyUnwindCacheStats();

// TestOnlyResetUnwindCache: empties the rule cache and zeroes the counters.
// Only while no other thread captures a stack.
//
// Example:
//   TestOnlyResetUnwindCache();
void TestOnlyResetUnwindCache();

}  // namespace __tlsan

#endif  // TLSAN_STACK_TRACE_H

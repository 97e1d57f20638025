//===-- tlsan_stack_trace.h - capture the current thread's stack ----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Creation stacks must be whole even when the calls pass through libraries
// built without frame pointers (libstdc++'s std::thread, libc, Debian's
// libzmq...), so capture follows the DWARF call frame information (.eh_frame),
// never the frame-pointer chain.
//
// x86_64 fast path: a small CFI unwinder that caches one rule per return
// address ("CFA = rsp|rbp + off; return address at CFA+k; rbp unchanged or at
// CFA+m") in a fixed-size, lock-free table (open addressing, slots claimed by
// CAS, never removed; when the table is full a rule is computed but not
// kept). A miss finds the FDE with libgcc's _Unwind_Find_FDE (lock-free
// through glibc's _dl_find_object) and interprets the CIE and FDE programs; a
// hit costs one hash probe and two loads per frame. Each stack read is
// 8-aligned and lies between the current rsp and 64 MiB above the capturing
// frame, and the stack pointer must grow at every step.
//
// Slow path, the whole capture done again with libgcc's _Unwind_Backtrace
// (and the only path on other architectures), when any frame's rule is not of
// that form: CFA given by an expression (PLT stubs, stack-realigning
// functions), a CFA based on another register, a signal frame ('S'), a pc
// without FDE, an unknown CFA opcode or augmentation; or when a read would
// leave the bounds above. So a capture is never less complete than libgcc's.
//
// Known limit: the cache is keyed by pc alone. If a library is dlclose'd and
// a different one later maps code at the same addresses, a stale rule can cut
// or garble the tail of a stack (the bounds checks keep it from faulting).
//
// Contract: does not allocate, takes no lock of tlsan's (a cache miss, like
// the slow path, runs libgcc's FDE lookup); thread-safe; not
// async-signal-safe. Called on thread creation only.
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

 private:
  static constexpr uptr kChunk = 4096;
  static constexpr uptr kBufferSize = 64 * 1024;
  bool Read(uptr addr, uptr *value);
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

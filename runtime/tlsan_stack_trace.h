//===-- tlsan_stack_trace.h - capture the current thread's stack ----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Creation stacks must be whole even when the calls pass through libraries
// built without frame pointers (libstdc++'s std::thread, Debian's libzmq...),
// so capture uses the DWARF CFI unwinder of libgcc (_Unwind_Backtrace), which
// finds FDEs through glibc's lock-free _dl_find_object. Cost is bounded by
// `max_depth` (about 0.1 us per frame on the development machine).
//
// Contract: does not allocate, takes no lock of tlsan's; not async-signal-safe
// (the unwinder is not). Called on thread creation only.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_STACK_TRACE_H
#define TLSAN_STACK_TRACE_H

#include "tlsan_internal.h"

namespace __tlsan {

// Writes up to max_depth return addresses into pcs and returns the count.
// Frames are skipped until the one whose pc is `skip_until_pc` (pass
// __builtin_return_address(0) of the interceptor, so the stack starts at the
// interceptor's caller); if that address is not seen within 8 frames, only
// CaptureStack's own frame is dropped.
u32 CaptureStack(uptr *pcs, u32 max_depth, uptr skip_until_pc);

// Captures the caller's stack (as above) and stores it in the stack depot.
// Returns the depot id, or 0.
u32 CaptureStackToDepot(u32 max_depth, uptr skip_until_pc);

}  // namespace __tlsan

#endif  // TLSAN_STACK_TRACE_H

//===-- tlsan_stack_trace.cpp - capture the current thread's stack --------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_stack_trace.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_stack_trace.h"

#include <unwind.h>

#include "tlsan_stack_depot.h"

namespace __tlsan {

namespace {

struct UnwindState {
  uptr *pcs;
  u32 max_depth;
  u32 size;
  uptr skip_until_pc;
  bool skipping;
  u32 frames_seen;
  uptr all[kMaxStackDepth];  // everything, in case skip_until_pc never shows
  u32 all_size;
};

_Unwind_Reason_Code UnwindCallback(struct _Unwind_Context *ctx, void *arg) {
  UnwindState *st = (UnwindState *)arg;
  uptr pc = (uptr)_Unwind_GetIP(ctx);
  if (pc == 0) return _URC_END_OF_STACK;
  st->frames_seen++;
  if (st->all_size < kMaxStackDepth) st->all[st->all_size++] = pc;
  if (st->skipping) {
    if (pc == st->skip_until_pc) {
      // This frame is the interceptor's caller: the first one we keep.
      st->skipping = false;
      st->pcs[st->size++] = pc;
      return st->size >= st->max_depth ? _URC_END_OF_STACK : _URC_NO_REASON;
    }
    if (st->frames_seen <= 8) return _URC_NO_REASON;
    // The marker did not show within 8 frames (tail call, or no unwind info
    // for the interceptor): keep everything but CaptureStack's own frame.
    st->skipping = false;
    for (u32 i = 1; i + 1 < st->all_size && st->size < st->max_depth; i++)
      st->pcs[st->size++] = st->all[i];
    if (st->size >= st->max_depth) return _URC_END_OF_STACK;
  }
  st->pcs[st->size++] = pc;
  return st->size >= st->max_depth ? _URC_END_OF_STACK : _URC_NO_REASON;
}

}  // namespace

TLSAN_NOINLINE u32 CaptureStack(uptr *pcs, u32 max_depth, uptr skip_until_pc) {
  if (max_depth == 0) return 0;
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  UnwindState st;
  st.pcs = pcs;
  st.max_depth = max_depth;
  st.size = 0;
  st.skip_until_pc = skip_until_pc;
  st.skipping = skip_until_pc != 0;
  st.frames_seen = 0;
  st.all_size = 0;
  _Unwind_Backtrace(UnwindCallback, &st);
  if (st.skipping) {
    // The stack ended before the marker (fewer than 8 frames): same rule.
    for (u32 i = 1; i < st.all_size && st.size < max_depth; i++)
      pcs[st.size++] = st.all[i];
  }
  return st.size;
}

TLSAN_NOINLINE u32 CaptureStackToDepot(u32 max_depth, uptr skip_until_pc) {
  uptr pcs[kMaxStackDepth];
  u32 n = CaptureStack(pcs, max_depth, skip_until_pc);
  return StackDepotPut(pcs, n);
}

}  // namespace __tlsan

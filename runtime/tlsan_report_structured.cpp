//===-- tlsan_report_structured.cpp - leaks as __tlsan_leak values --------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_report.h.
//
// The writer behind __tlsan_check and the C++ module: each leak becomes a
// __tlsan_leak whose strings and frame arrays live in scratch memory until
// the callback returns.
//
//===----------------------------------------------------------------------===//
#include "sanitizer/tlsan_interface.h"
#include "tlsan_report.h"
#include "tlsan_scope.h"

namespace __tlsan {

namespace {

void ToFrames(const SymbolizedFrame *in, uptr n,
              ScratchArray<__tlsan_frame> *out) {
  out->Clear();
  for (uptr i = 0; i < n; i++) {
    __tlsan_frame &f = out->PushBack();
    f.pc = in[i].pc;
    f.function = in[i].function;
    f.file = in[i].file;
    f.line = in[i].line;
    f.column = in[i].column;
    f.module = in[i].module;
    f.module_offset = in[i].module_offset;
  }
}

bool Filtered(const __tlsan_leak &leak, const LeakFilter *filters,
              uptr filter_count) {
  for (uptr f = 0; f < filter_count; f++)
    if (filters[f].fn(&leak, filters[f].ctx)) return true;
  return false;
}

}  // namespace

void DeliverStructuredLeaks(LeakSet *set, SymbolCache *symbols,
                            const LeakFilter *filters, uptr filter_count,
                            void (*on_leak)(const __tlsan_leak *, void *),
                            void *ctx) {
  ScratchArray<__tlsan_frame> creation, stack;
  char thread_name[kThreadNameSize];
  uptr kept = 0;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    LeakedThread &l = set->leaks[i];
    const ThreadSnapshot &t = l.thread;
    const SymbolizedFrame *frames = nullptr;
    uptr n = 0;
    if (!l.foreign) symbols->Get(t.creation_stack, &frames, &n);
    ToFrames(frames, n, &creation);
    uptr creator_frame = FirstProgramFrame(frames, n);
    n = 0;
    if (l.state != kLeakFinished && l.blocked_on.stack_id)
      symbols->Get(l.blocked_on.stack_id, &frames, &n);
    ToFrames(frames, n, &stack);
    uptr stack_frame = FirstProgramFrame(frames, n);
    internal_strlcpy(thread_name, l.name, sizeof(thread_name));

    __tlsan_leak leak = {};
    leak.id = t.uid;
    leak.tid = t.tid;
    leak.name = thread_name[0] ? thread_name : nullptr;
    leak.state = LeakStateName(l.state);
    leak.detached = t.has(kDetached);
    leak.created_by_tid = l.foreign ? 0 : t.parent_tid;
    leak.created_by_id = t.parent_uid == kUnknownUid ? 0 : t.parent_uid;
    leak.test = l.scope ? ScopeName(l.scope) : nullptr;
    leak.scope = l.scope;
    if (l.state == kLeakBlocked) {
      leak.blocked_on.kind = BlockingKindName(l.blocked_on.kind);
      leak.blocked_on.call = l.blocked_on.call;
      leak.blocked_on.object =
          l.blocked_on.has_object ? l.blocked_on.object : 0;
      leak.blocked_on.owner_tid = l.blocked_on.owner_tid;
      leak.blocked_on.since_ms = l.blocked_on.since_ms;
    } else {
      leak.blocked_on.since_ms = -1;
    }
    if (l.cause == kCauseDeadlock || l.cause == kCauseSelfDeadlock) {
      leak.deadlock = l.cycle;
      leak.deadlock_size = l.cycle_size;
    }
    leak.cause = WaitCauseName(l.cause);
    leak.description = l.sentence;
    leak.spinning = l.spinning;
    leak.foreign = l.foreign;
    leak.owner_id = l.owner_uid == kUnknownUid ? ~0ull : l.owner_uid;
    leak.creation_stack = creation.data();
    leak.creation_stack_size = creation.size();
    leak.stack = stack.data();
    leak.stack_size = stack.size();
    leak.creator_frame =
        creator_frame < creation.size() ? creator_frame : ~(size_t)0;
    leak.stack_program_frame =
        stack_frame < stack.size() ? stack_frame : ~(size_t)0;

    if (Filtered(leak, filters, filter_count)) continue;
    if (on_leak) on_leak(&leak, ctx);
    set->leaks[kept++] = l;
  }
  set->leaks.Resize(kept);
  RenumberGroups(set);
}

}  // namespace __tlsan

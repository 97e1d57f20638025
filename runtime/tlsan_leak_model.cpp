//===-- tlsan_leak_model.cpp - one sentence per leaked thread -------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_leak_model.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_leak_model.h"

#include "tlsan_report.h"
#include "tlsan_thread_record.h"
#include "tlsan_wait_words.h"

namespace __tlsan {

const char *CheckKindName(CheckKind k) {
  switch (k) {
    case kCheckAtExit: return "exit";
    case kCheckOnDemand: return "on_demand";
    case kCheckExitStuck: return "exit_stuck";
    case kCheckDeadlock: return "deadlock";
    case kCheckHang: return "hang";
    case kCheckDump: return "dump";
  }
  return "on_demand";
}

void AppendStateDescription(const LeakedThread &l, TextBuffer *out) {
  switch (l.state) {
    case kLeakRunning:
      out->Append(l.thread.tid == 0 ? "running, not started yet"
                  : l.spinning      ? "running, spinning on the CPU"
                                    : "running");
      return;
    case kLeakFinished: out->Append("finished, not joined"); return;
    case kLeakBlocked:
      out->Appendf("blocked in %s",
                   l.blocked_on.call ? l.blocked_on.call : "?");
      return;
  }
}

void AppendThreadRef(u32 uid, int tid, TextBuffer *out) {
  if (uid == 0)
    out->Appendf("main thread (tid=%d)", tid);
  else if (uid == kUnknownUid)
    out->Appendf("thread tid=%d", tid);
  else
    out->Appendf("thread T%u (tid=%d)", uid, tid);
}

void DescribeLeak(const LeakedThread &l, const char *futex_name,
                  TextBuffer *out) {
  if (l.state != kLeakBlocked) {
    AppendStateDescription(l, out);
    return;
  }
  const BlockedOn &b = l.blocked_on;
  const char *call = b.call ? b.call : "?";
  out->Appendf(
      b.from_interceptor ? "blocked in %s" : "waiting in system call %s", call);
  AppendWaitWords(l, futex_name, out);
  if (b.owner_tid) {
    out->Append(b.kind == kBlockJoin ? ", waiting for " : ", held by ");
    AppendThreadRef(l.owner_uid, b.owner_tid, out);
  }
  if (b.since_ms >= 0) out->Appendf(", for %lld ms", (long long)b.since_ms);
}

// Which library wait a futex belongs to, from the waiting stack's frames.
static const char *FutexName(const LeakedThread &l, SymbolCache *symbols) {
  const BlockedOn &b = l.blocked_on;
  if (!symbols || l.state != kLeakBlocked || b.kind != kBlockFutex ||
      !b.stack_id)
    return nullptr;
  const SymbolizedFrame *frames;
  uptr n;
  symbols->Get(b.stack_id, &frames, &n);
  return NameFutexWaitFromFrames(frames, n);
}

void DescribeLeaks(LeakSet *set, SymbolCache *symbols) {
  // All sentences into one buffer first (it may move as it grows), then
  // each leak points at its own.
  TextBuffer &text = set->sentences;
  text.Clear();
  ScratchArray<uptr> starts;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    starts.PushBack(text.size());
    DescribeLeak(set->leaks[i], FutexName(set->leaks[i], symbols), &text);
    text.AppendChar('\0');
  }
  for (uptr i = 0; i < set->leaks.size(); i++)
    set->leaks[i].sentence = text.data() + starts[i];
}

}  // namespace __tlsan
